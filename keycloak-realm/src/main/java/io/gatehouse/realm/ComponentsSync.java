package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Components by type and name, with their sub-components (an LDAP federation and its mappers). Keycloak never
 * returns an LDAP bind credential, so it cannot show as a change; it is sent with every create and update.
 * Config keys the file does not name are kept. A new LDAP federation gets Keycloak's default mappers, which the
 * file's mappers of the same names then adjust. The user profile, a component too, is {@link UserProfileSync}'s.
 */
final class ComponentsSync implements ResourceSync {

    @Override
    public String label() {
        return "components (LDAP federation)";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        JsonNode components = file.part("components");
        if (components.isEmpty()) {
            return changes;
        }
        String realmId = realm.toRepresentation().getId();
        components.fields().forEachRemaining(type -> {
            if (type.getKey().equals(UserProfileSync.TYPE)) {
                return;
            }
            for (JsonNode wanted : type.getValue()) {
                changes.addAll(plan(realm, realmId, type.getKey(), wanted));
            }
        });
        return changes;
    }

    private static List<Change> plan(RealmResource realm, String parentId, String type, JsonNode wanted) {
        String name = wanted.path("name").asText();
        ComponentRepresentation actual = find(realm, parentId, type, name);
        JsonNode subComponents = wanted.path("subComponents");
        ObjectNode fields = wanted.deepCopy();
        fields.remove("subComponents");
        List<Change> changes = new ArrayList<>();
        if (actual == null) {
            List<String> details = new ArrayList<>();
            subComponents.fields().forEachRemaining(sub -> details.addAll(ResourceSync.names("mapper", sub.getValue())));
            changes.add(new Change("component", name, Change.Action.CREATE, details, () -> {
                String id = create(realm, parentId, type, fields);
                subComponents.fields().forEachRemaining(sub -> {
                    for (JsonNode child : sub.getValue()) {
                        plan(realm, id, sub.getKey(), child).forEach(change -> change.apply().run());
                    }
                });
            }));
            return changes;
        }
        List<String> differences = Differences.of(fields, RealmFile.JSON.valueToTree(actual));
        if (!differences.isEmpty()) {
            changes.add(new Change("component", name, Change.Action.UPDATE, differences,
                    () -> realm.components().component(actual.getId()).update(merged(fields, actual))));
        }
        subComponents.fields().forEachRemaining(sub -> {
            for (JsonNode child : sub.getValue()) {
                plan(realm, actual.getId(), sub.getKey(), child).forEach(change ->
                        changes.add(new Change(change.type(), name + " / " + change.name(), change.action(), change.details(), change.apply())));
            }
        });
        return changes;
    }

    private static String create(RealmResource realm, String parentId, String type, JsonNode fields) {
        ComponentRepresentation component = RealmFile.JSON.convertValue(fields, ComponentRepresentation.class);
        component.setParentId(parentId);
        component.setProviderType(type);
        try (Response created = realm.components().add(component)) {
            RealmSync.requireSuccess(created, "create component " + component.getName());
            String location = created.getLocation().getPath();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /** The file's component over Keycloak's: config keys the file leaves out stay. */
    private static ComponentRepresentation merged(JsonNode fields, ComponentRepresentation actual) {
        ComponentRepresentation update = RealmFile.JSON.convertValue(fields, ComponentRepresentation.class);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>(actual.getConfig());
        for (Map.Entry<String, List<String>> entry : update.getConfig().entrySet()) {
            config.put(entry.getKey(), entry.getValue());
        }
        update.setConfig(config);
        update.setId(actual.getId());
        update.setParentId(actual.getParentId());
        update.setProviderType(actual.getProviderType());
        return update;
    }

    private static ComponentRepresentation find(RealmResource realm, String parentId, String type, String name) {
        return realm.components().query(parentId, type, name).stream().filter(c -> name.equals(c.getName())).findFirst().orElse(null);
    }
}
