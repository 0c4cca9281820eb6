package io.gatehouse.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;

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
import java.util.Map;

/**
 * An RSA key of the test's own, added to the realm through the admin API (at low priority, so Keycloak keeps
 * signing with its own): Keycloak publishes it in the JWKS, so tokens the test signs with it carry a trusted
 * signature, and each attack can differ from a valid token in exactly one way.
 */
record RealmTestKey(KeyPair keys, String kid) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RealmTestKey register(Stack stack) throws IOException, InterruptedException {
        KeycloakSettings keycloak = KeycloakSettings.of(stack.config());
        KeyPair keys = TestTokens.newRsaKey();
        try (Keycloak admin = keycloak.admin()) {
            RealmResource realm = admin.realm(StackConfig.REALM);
            ComponentRepresentation component = new ComponentRepresentation();
            component.setName("gatehouse-test-key");
            component.setProviderId("rsa");
            component.setProviderType("org.keycloak.keys.KeyProvider");
            component.setParentId(realm.toRepresentation().getId());
            MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
            Map.of("priority", "1", "enabled", "true", "active", "true", "algorithm", "RS256",
                    "privateKey", Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded())).forEach(config::putSingle);
            component.setConfig(config);
            try (Response created = realm.components().add(component)) {
                if (created.getStatus() != 201) {
                    throw new IOException("Keycloak refused the test key: " + created.getStatus() + " " + created.readEntity(String.class));
                }
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String modulus = base64Url(((RSAPublicKey) keys.getPublic()).getModulus());
        JsonNode jwks = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(keycloak.jwksUri())).build(),
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
