package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups by path, sub-groups included (the tenants' admin groups, {@code /tenants/<alias>/admin}): created when
 * missing, parents first, so that users can join them and an LDAP group mapper can place groups below them. Groups
 * the file does not name (those an LDAP directory brings, say) are left alone. Attributes and role mappings of
 * groups are taken from the file only when a realm is created whole.
 */
final class GroupsSync implements ResourceSync {

    @Override
    public String label() {
        return "groups";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode wanted : file.part("groups")) {
            plan(realm, "", wanted, changes);
        }
        return changes;
    }

    /** A change per missing group, a parent before its sub-groups (applied in list order). */
    private static void plan(RealmResource realm, String parentPath, JsonNode wanted, List<Change> changes) {
        String path = parentPath + "/" + wanted.path("name").asText();
        if (!exists(realm, path)) {
            changes.add(new Change("group", path, Change.Action.CREATE, List.of(), () -> {
                GroupRepresentation group = new GroupRepresentation();
                group.setName(wanted.path("name").asText());
                try (Response created = parentPath.isEmpty() ? realm.groups().add(group)
                        : realm.groups().group(realm.getGroupByPath(parentPath).getId()).subGroup(group)) {
                    RealmSync.requireSuccess(created, "create group " + path);
                }
            }));
        }
        wanted.path("subGroups").forEach(sub -> plan(realm, path, sub, changes));
    }

    private static boolean exists(RealmResource realm, String path) {
        try {
            return realm.getGroupByPath(path) != null;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
