package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RoleResource;
import org.keycloak.representations.idm.RoleRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Realm roles, with their realm-role composites (which Keycloak keeps apart from the role itself). */
final class RealmRolesSync implements ResourceSync {
    /** The roles Keycloak makes in every realm; never deleted. */
    private static final Set<String> BUILT_IN = Set.of("offline_access", "uma_authorization");

    @Override
    public String managedName() {
        return "roles";
    }

    @Override
    public List<Change> prune(RealmResource realm, RealmFile file) {
        Set<String> keep = new TreeSet<>(BUILT_IN);
        keep.add("default-roles-" + file.name());
        return ResourceSync.deletionsOf("role", realm.roles().list(), RoleRepresentation::getName, file.part("roles").path("realm"),
                "name", keep, role -> () -> realm.roles().deleteRole(role.getName()));
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        Map<String, RoleRepresentation> existing = realm.roles().list().stream()
                .collect(Collectors.toMap(RoleRepresentation::getName, role -> role));
        for (JsonNode wanted : file.part("roles").path("realm")) {
            String name = wanted.path("name").asText();
            ObjectNode role = ((ObjectNode) wanted.deepCopy());
            role.remove(List.of("composites", "composite"));
            Set<String> composites = Differences.texts(wanted.path("composites").path("realm"));
            RoleRepresentation actual = existing.get(name);
            if (actual == null) {
                changes.add(new Change("role", name, Change.Action.CREATE, composites.isEmpty() ? List.of() : List.of("composites: " + composites), () -> {
                    realm.roles().create(RealmFile.JSON.convertValue(role, RoleRepresentation.class));
                    addComposites(realm, name, composites);
                }));
                continue;
            }
            List<String> differences = new ArrayList<>(Differences.of(role, RealmFile.JSON.valueToTree(actual)));
            Set<String> missing = new TreeSet<>(composites);
            missing.removeAll(realm.roles().get(name).getRealmRoleComposites().stream().map(RoleRepresentation::getName).collect(Collectors.toSet()));
            if (!missing.isEmpty()) {
                differences.add("composites: add " + missing);
            }
            if (!differences.isEmpty()) {
                changes.add(new Change("role", name, Change.Action.UPDATE, differences, () -> {
                    RoleRepresentation update = RealmFile.JSON.convertValue(role, RoleRepresentation.class);
                    update.setId(actual.getId());
                    realm.roles().get(name).update(update);
                    addComposites(realm, name, missing);
                }));
            }
        }
        return changes;
    }

    private static void addComposites(RealmResource realm, String role, Set<String> composites) {
        if (!composites.isEmpty()) {
            RoleResource resource = realm.roles().get(role);
            resource.addComposites(composites.stream().map(name -> realm.roles().get(name).toRepresentation()).toList());
        }
    }
}
