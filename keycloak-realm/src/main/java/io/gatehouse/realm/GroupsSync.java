package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Top-level groups by name: created when missing, so that users can join them. Their sub-groups, attributes and
 * role mappings are taken from the file only when a realm is created whole.
 */
final class GroupsSync implements ResourceSync {

    @Override
    public String label() {
        return "groups";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        if (file.part("groups").isEmpty()) {
            return changes;
        }
        Set<String> existing = new TreeSet<>();
        realm.groups().groups().forEach(group -> existing.add(group.getName()));
        for (JsonNode wanted : file.part("groups")) {
            String name = wanted.path("name").asText();
            if (!existing.contains(name)) {
                changes.add(new Change("group", name, Change.Action.CREATE, List.of(), () -> {
                    GroupRepresentation group = new GroupRepresentation();
                    group.setName(name);
                    try (Response created = realm.groups().add(group)) {
                        RealmSync.requireSuccess(created, "create group " + name);
                    }
                }));
            }
        }
        return changes;
    }
}
