package io.gatehouse.stack.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates a realm from its JSON representation when Keycloak does not have it yet, through the admin REST
 * API. {@code ${NAME}} placeholders are filled from the given values first ({@code $${} stands for a literal {@code ${}), the way Keycloak's own
 * {@code --import-realm} fills them from the environment; an unknown placeholder is an error, not an empty string.
 */
public final class RealmImport {
    /**
     * The realms of the local stack, as the keycloak-realm module ships them: the demo company's identity provider,
     * then the gatehouse realm that brokers it (the production realm with the demo overlay laid over it at build time).
     */
    public static final List<String> REALM_RESOURCES = List.of("/realm/initech-idp-realm.json", "/realm/gatehouse-demo-realm.json");
    /** {@code ${NAME}}, but not {@code $${...}}: an escaped Keycloak template such as {@code $${CLAIM.email}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String keycloakUrl;
    private final String adminUser;
    private final String adminPassword;

    public RealmImport(String keycloakUrl, String adminUser, String adminPassword) {
        this.keycloakUrl = keycloakUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** Returns true when the realm was created, false when it existed already. */
    public boolean importIfMissing(String realmJson, Map<String, String> placeholders) throws IOException, InterruptedException {
        JsonNode realm = JSON.readTree(fill(realmJson, placeholders));
        // Keycloak 26.7 fails to create a realm with admin permissions enabled, and given a permissions client it would
        // make it bare: they are enabled and filled after the import (RealmSetup), by a realm update.
        ((ObjectNode) realm).remove(List.of("adminPermissionsEnabled", "adminPermissionsClient"));
        String name = realm.path("realm").asText();
        String token = AdminLogin.token(http, keycloakUrl, adminUser, adminPassword);
        HttpResponse<String> existing = http.send(request("/admin/realms/" + name, token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (existing.statusCode() == 200) {
            return false;
        }
        HttpResponse<String> created = http.send(request("/admin/realms", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(realm))).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IOException("Keycloak refused realm " + name + ": HTTP " + created.statusCode() + " " + created.body());
        }
        return true;
    }

    /** The realm files the keycloak-realm module puts on the class path (none when it is not there). */
    public static List<String> realmsOnClasspath() {
        List<String> realms = new ArrayList<>();
        for (String resource : REALM_RESOURCES) {
            try (InputStream in = RealmImport.class.getResourceAsStream(resource)) {
                if (in != null) {
                    realms.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return realms;
    }

    static String fill(String json, Map<String, String> placeholders) {
        Matcher matcher = PLACEHOLDER.matcher(json);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = placeholders.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("realm file uses ${" + matcher.group(1) + "}, which has no value");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString().replace("$${", "${");
    }

    private HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create(keycloakUrl + path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
    }

}
