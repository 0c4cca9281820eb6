package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Users by username, with their realm roles and groups (by path); roles and groups the file names are added, others
 * left alone. Credentials are set when the user is created and never after:
 * a password belongs to its user once they have it. (The realm file's users are the local demo users.)
 * A service account's user (Keycloak's export names it by {@code serviceAccountClientId}) is made by Keycloak with
 * its client: only the client roles the file gives it are added.
 */
final class UsersSync implements ResourceSync {

    @Override
    public String label() {
        return "users";
    }
    private static final List<String> NOT_COMPARED = List.of("credentials", "realmRoles", "groups");

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode wanted : file.part("users")) {
            String username = wanted.path("username").asText();
            if (wanted.hasNonNull("serviceAccountClientId")) {
                changes.addAll(serviceAccountRoles(realm, wanted));
                continue;
            }
            Set<String> roles = Differences.texts(wanted.path("realmRoles"));
            Set<String> groups = Differences.texts(wanted.path("groups"));
            UserRepresentation actual = find(realm, username);
            if (actual == null) {
                List<String> details = new ArrayList<>();
                if (!roles.isEmpty()) {
                    details.add("realm roles: " + roles);
                }
                if (!groups.isEmpty()) {
                    details.add("groups: " + groups);
                }
                changes.add(new Change("user", username, Change.Action.CREATE, details, () -> {
                    ObjectNode user = wanted.deepCopy();
                    user.remove(List.of("realmRoles", "groups"));
                    try (Response created = realm.users().create(RealmFile.JSON.convertValue(user, UserRepresentation.class))) {
                        RealmSync.requireSuccess(created, "create user " + username);
                    }
                    UserRepresentation createdUser = find(realm, username);
                    addRoles(realm, createdUser, roles);
                    joinGroups(realm, createdUser, groups);
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
            Set<String> missingGroups = new TreeSet<>(groups);
            realm.users().get(actual.getId()).groups().forEach(group -> missingGroups.remove(group.getPath()));
            if (!missingGroups.isEmpty()) {
                differences.add("groups: join " + missingGroups);
            }
            if (!differences.isEmpty()) {
                changes.add(new Change("user", username, Change.Action.UPDATE, differences, () -> {
                    UserRepresentation update = RealmFile.JSON.convertValue(compared, UserRepresentation.class);
                    realm.users().get(actual.getId()).update(update);
                    addRoles(realm, actual, missingRoles);
                    joinGroups(realm, actual, missingGroups);
                }));
            }
        }
        return changes;
    }

    /** The client roles ({@code clientRoles}: client id to role names) the service account lacks, added once its client exists. */
    private static List<Change> serviceAccountRoles(RealmResource realm, JsonNode wanted) {
        String clientId = wanted.path("serviceAccountClientId").asText();
        Map<String, Set<String>> missing = new TreeMap<>();
        List<ClientRepresentation> client = realm.clients().findByClientId(clientId);
        UserRepresentation account = client.isEmpty() ? null : realm.clients().get(client.get(0).getId()).getServiceAccountUser();
        wanted.path("clientRoles").fields().forEachRemaining(roles -> {
            Set<String> lacking = new TreeSet<>(Differences.texts(roles.getValue()));
            if (account != null) {
                realm.users().get(account.getId()).roles().clientLevel(clientUuid(realm, roles.getKey())).listAll()
                        .forEach(role -> lacking.remove(role.getName()));
            }
            if (!lacking.isEmpty()) {
                missing.put(roles.getKey(), lacking);
            }
        });
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(new Change("service account", clientId, Change.Action.UPDATE, List.of("client roles: add " + missing), () -> {
            // Looked up again: the client may have been created since the plan (by this apply's clients step).
            UserResource user = realm.users().get(realm.clients().get(clientUuid(realm, clientId)).getServiceAccountUser().getId());
            missing.forEach((roleClient, names) -> {
                String uuid = clientUuid(realm, roleClient);
                user.roles().clientLevel(uuid).add(names.stream()
                        .map(name -> realm.clients().get(uuid).roles().get(name).toRepresentation()).toList());
            });
        }));
    }

    private static String clientUuid(RealmResource realm, String clientId) {
        return realm.clients().findByClientId(clientId).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no client " + clientId + " in the realm")).getId();
    }

    static UserRepresentation find(RealmResource realm, String username) {
        return realm.users().searchByUsername(username, true).stream().findFirst().orElse(null);
    }

    private static void joinGroups(RealmResource realm, UserRepresentation user, Set<String> paths) {
        for (String path : paths) {
            realm.users().get(user.getId()).joinGroup(realm.getGroupByPath(path).getId());
        }
    }

    private static void addRoles(RealmResource realm, UserRepresentation user, Set<String> roles) {
        if (!roles.isEmpty()) {
            UserResource resource = realm.users().get(user.getId());
            List<RoleRepresentation> representations = roles.stream().map(name -> realm.roles().get(name).toRepresentation()).toList();
            resource.roles().realmLevel().add(representations);
        }
    }
}
