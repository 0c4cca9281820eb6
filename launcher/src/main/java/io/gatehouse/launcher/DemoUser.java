package io.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A demo user of the realm file (local use only), read from the file itself so the two cannot disagree. */
record DemoUser(String username, String password, String organization, List<String> roles) {
    /** Roles every Keycloak realm has; not worth showing next to the realm's own. */
    private static final Set<String> KEYCLOAK_BUILT_IN_ROLES = Set.of("offline_access", "uma_authorization");

    static List<DemoUser> fromRealm(List<String> realms) {
        ObjectMapper json = new ObjectMapper();
        List<DemoUser> users = new ArrayList<>();
        for (String realmJson : realms) {
            JsonNode realm;
            try {
                realm = json.readTree(realmJson);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException("the realm file is not valid JSON", e);
            }
            for (JsonNode user : realm.path("users")) {
                String username = user.path("username").asText();
                Set<String> roles = new TreeSet<>();
                user.path("realmRoles").forEach(role -> expand(realm, role.asText(), roles));
                roles.removeIf(role -> role.startsWith("default-roles-") || KEYCLOAK_BUILT_IN_ROLES.contains(role));
                users.add(new DemoUser(username, user.path("credentials").path(0).path("value").asText(),
                        organizationOf(realm, username), List.copyOf(roles)));
            }
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("the realm file has no demo users");
        }
        return users;
    }

    /** A role and, for a composite such as the realm's default role, the realm roles it contains. */
    private static void expand(JsonNode realm, String role, Set<String> into) {
        if (!into.add(role)) {
            return;
        }
        for (JsonNode defined : realm.path("roles").path("realm")) {
            if (role.equals(defined.path("name").asText())) {
                defined.path("composites").path("realm").forEach(inner -> expand(realm, inner.asText(), into));
            }
        }
    }

    private static String organizationOf(JsonNode realm, String username) {
        for (JsonNode organization : realm.path("organizations")) {
            for (JsonNode member : organization.path("members")) {
                if (username.equals(member.path("username").asText())) {
                    return organization.path("alias").asText();
                }
            }
        }
        return null;
    }
}
