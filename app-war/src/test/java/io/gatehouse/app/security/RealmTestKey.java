package io.gatehouse.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An RSA key of the test's own, added to the realm through the admin API (at low priority, so Keycloak keeps
 * signing with its own): Keycloak publishes it in the JWKS, so tokens the test signs with it carry a trusted
 * signature, and each attack can differ from a valid token in exactly one way.
 */
record RealmTestKey(KeyPair keys, String kid) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RealmTestKey register(Stack stack) throws IOException, InterruptedException {
        StackConfig config = stack.config();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String admin;
        try (Keycloak keycloak = KeycloakSettings.of(config).admin()) {
            admin = keycloak.tokenManager().getAccessTokenString();
        }
        String realmId = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(KeycloakSettings.of(config).url() + "/admin/realms/" + StackConfig.REALM))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()).body()).path("id").asText();

        KeyPair keys = TestTokens.newRsaKey();
        Map<String, Object> component = Map.of("name", "gatehouse-test-key", "providerId", "rsa",
                "providerType", "org.keycloak.keys.KeyProvider", "parentId", realmId,
                "config", Map.of("priority", List.of("1"), "enabled", List.of("true"), "active", List.of("true"),
                        "algorithm", List.of("RS256"),
                        "privateKey", List.of(Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()))));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(KeycloakSettings.of(config).url() + "/admin/realms/" + StackConfig.REALM + "/components"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(component))).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IOException("Keycloak refused the test key: " + created.statusCode() + " " + created.body());
        }
        String modulus = base64Url(((RSAPublicKey) keys.getPublic()).getModulus());
        JsonNode jwks = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(KeycloakSettings.of(config).jwksUri())).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode key : jwks.path("keys")) {
            if (modulus.equals(key.path("n").asText())) {
                return new RealmTestKey(keys, key.path("kid").asText());
            }
        }
        throw new IOException("the test key is not in the realm's JWKS: " + jwks);
    }

    /** JWK encoding of an RSA modulus: unsigned big-endian bytes, base64url. */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
