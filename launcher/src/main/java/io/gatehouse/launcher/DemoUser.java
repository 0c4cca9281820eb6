package io.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A demo user of the realm file (local use only), read from the file itself so the two cannot disagree. */
record DemoUser(String username, String password, String organization, List<String> roles) {

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
                List<String> roles = new ArrayList<>();
                user.path("realmRoles").forEach(role -> {
                    if (!role.asText().startsWith("default-roles-")) {
                        roles.add(role.asText());
                    }
                });
                users.add(new DemoUser(username, user.path("credentials").path(0).path("value").asText(),
                        organizationOf(realm, username), roles));
            }
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("the realm file has no demo users");
        }
        return users;
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
