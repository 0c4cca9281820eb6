package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Users by username, with their realm roles. Credentials are set when the user is created and never after:
 * a password belongs to its user once they have it. (The realm file's users are the local demo users.)
 */
final class UsersSync implements ResourceSync {
    private static final List<String> NOT_COMPARED = List.of("credentials", "realmRoles");

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode wanted : file.part("users")) {
            String username = wanted.path("username").asText();
            Set<String> roles = Differences.texts(wanted.path("realmRoles"));
            UserRepresentation actual = find(realm, username);
            if (actual == null) {
                changes.add(new Change("user", username, Change.Action.CREATE, roles.isEmpty() ? List.of() : List.of("realm roles: " + roles), () -> {
                    ObjectNode user = wanted.deepCopy();
                    user.remove("realmRoles");
                    try (Response created = realm.users().create(RealmFile.JSON.convertValue(user, UserRepresentation.class))) {
                        RealmSync.requireSuccess(created, "create user " + username);
                    }
                    addRoles(realm, find(realm, username), roles);
                }));
                continue;
            }
            ObjectNode compared = wanted.deepCopy();
            compared.remove(NOT_COMPARED);
            List<String> differences = new ArrayList<>(Differences.of(compared, RealmFile.JSON.valueToTree(actual)));
            Set<String> missingRoles = new TreeSet<>(roles);
            realm.users().get(actual.getId()).roles().realmLevel().listAll().forEach(role -> missingRoles.remove(role.getName()));
            if (!missingRoles.isEmpty()) {
                differences.add("realm roles: add " + missingRoles);
            }
            if (!differences.isEmpty()) {
                changes.add(new Change("user", username, Change.Action.UPDATE, differences, () -> {
                    UserRepresentation update = RealmFile.JSON.convertValue(compared, UserRepresentation.class);
                    realm.users().get(actual.getId()).update(update);
                    addRoles(realm, actual, missingRoles);
                }));
            }
        }
        return changes;
    }

    static UserRepresentation find(RealmResource realm, String username) {
        return realm.users().searchByUsername(username, true).stream().findFirst().orElse(null);
    }

    private static void addRoles(RealmResource realm, UserRepresentation user, Set<String> roles) {
        if (!roles.isEmpty()) {
            UserResource resource = realm.users().get(user.getId());
            List<RoleRepresentation> representations = roles.stream().map(name -> realm.roles().get(name).toRepresentation()).toList();
            resource.roles().realmLevel().add(representations);
        }
    }
}
