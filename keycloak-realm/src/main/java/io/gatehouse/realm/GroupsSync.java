package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.admin.client.resource.GroupResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Groups by path, sub-groups included (the tenants' admin groups, {@code /tenants/<alias>/admin}): created when
 * missing, parents first, so that users can join them and an LDAP group mapper can place groups below them; then
 * the attributes and realm roles the file gives a group are set (attribute names and roles it does not give are
 * left). Groups the file does not name (those an LDAP directory brings, say) are left alone.
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

    /** A change per missing or differing group, a parent before its sub-groups (applied in list order). */
    private static void plan(RealmResource realm, String parentPath, JsonNode wanted, List<Change> changes) {
        String path = parentPath + "/" + wanted.path("name").asText();
        GroupRepresentation actual = find(realm, path);
        if (actual == null) {
            changes.add(new Change("group", path, Change.Action.CREATE, List.of(), () -> {
                GroupRepresentation group = new GroupRepresentation();
                group.setName(wanted.path("name").asText());
                try (Response created = parentPath.isEmpty() ? realm.groups().add(group)
                        : realm.groups().group(realm.getGroupByPath(parentPath).getId()).subGroup(group)) {
                    RealmSync.requireSuccess(created, "create group " + path);
                }
                update(realm, wanted, realm.getGroupByPath(path));
            }));
        } else {
            ObjectNode settings = RealmFile.JSON.createObjectNode();
            for (String field : List.of("attributes", "realmRoles")) {
                if (wanted.has(field)) {
                    settings.set(field, wanted.get(field));
                }
            }
            List<String> differences = Differences.of(settings, RealmFile.JSON.valueToTree(actual));
            if (!differences.isEmpty()) {
                changes.add(new Change("group", path, Change.Action.UPDATE, differences, () -> update(realm, wanted, actual)));
            }
        }
        wanted.path("subGroups").forEach(sub -> plan(realm, path, sub, changes));
    }

    private static void update(RealmResource realm, JsonNode wanted, GroupRepresentation actual) {
        GroupResource group = realm.groups().group(actual.getId());
        if (wanted.has("attributes")) {
            Map<String, List<String>> attributes = new HashMap<>(actual.getAttributes() == null ? Map.of() : actual.getAttributes());
            wanted.path("attributes").fields().forEachRemaining(attribute ->
                    attributes.put(attribute.getKey(), List.copyOf(Differences.texts(attribute.getValue()))));
            actual.setAttributes(attributes);
            group.update(actual);
        }
        if (wanted.has("realmRoles")) {
            Set<String> desired = Differences.texts(wanted.path("realmRoles"));
            Set<String> present = new TreeSet<>(actual.getRealmRoles() == null ? List.of() : actual.getRealmRoles());
            List<RoleRepresentation> add = desired.stream().filter(role -> !present.contains(role))
                    .map(role -> realm.roles().get(role).toRepresentation()).toList();
            List<RoleRepresentation> remove = present.stream().filter(role -> !desired.contains(role))
                    .map(role -> realm.roles().get(role).toRepresentation()).toList();
            if (!add.isEmpty()) {
                group.roles().realmLevel().add(add);
            }
            if (!remove.isEmpty()) {
                group.roles().realmLevel().remove(remove);
            }
        }
    }

    /** The group at this path with its attributes and realm roles, or null. */
    private static GroupRepresentation find(RealmResource realm, String path) {
        try {
            return realm.getGroupByPath(path);
        } catch (NotFoundException e) {
            return null;
        }
    }
}
