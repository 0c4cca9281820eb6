package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The realm's confidential client for machine calls, its secret supplied from outside the realm file. */
@WithStack(Component.KEYCLOAK)
class ServiceAccountClientIT {
    private static final String CLIENT = "gatehouse-service";
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> token(Stack stack, String realm, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(stack.server(KeycloakServer.class).settings().url() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> clientCredentials(Stack stack, String realm, String secret) throws Exception {
        return token(stack, realm, Map.of("grant_type", "client_credentials", "client_id", CLIENT, "client_secret", secret));
    }

    @Test
    void mintsAMinimalTokenForTheApiWithTheSecretFromOutsideTheFile(Stack stack, @TempDir Path dir) throws Exception {
        String realm = TestRealm.applied(stack, dir);
        HttpResponse<String> granted = clientCredentials(stack, realm, KeycloakSettings.of(stack.config()).serviceClientSecret());
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);

        String accessToken = RealmFile.JSON.readTree(granted.body()).path("access_token").asText();
        JsonNode claims = BrowserLogin.claims(accessToken);
        assertThat(claims.path("aud").asText()).isEqualTo(StackConfig.API_AUDIENCE);
        assertThat(claims.path("azp").asText()).isEqualTo(CLIENT);
        assertThat(claims.path("sub").asText()).as("the service account's user id").isNotBlank();
        assertThat(claims.has("email")).isFalse();
        assertThat(claims.has("organization")).as("a machine belongs to no tenant").isFalse();
        assertThat(claims.has("resource_access")).isFalse();
        assertThat(claims.has("groups")).as("no roles: the API's @RolesAllowed refuses it until it is given one").isFalse();
        assertThat(claims.has("realm_access")).isFalse();
        // A lightweight token: the service_account scope's claims (client_id, clientHost, clientAddress) stay out, only
        // the mappers marked for it (the API audience, the subject) and Keycloak's own claims go in.
        List<String> names = new java.util.ArrayList<>();
        claims.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("exp", "iat", "jti", "iss", "aud", "sub", "typ", "azp", "scope");
    }

    @Test
    void refusesAWrongSecretAndThePasswordGrant(Stack stack, @TempDir Path dir) throws Exception {
        String realm = TestRealm.applied(stack, dir);
        assertThat(clientCredentials(stack, realm, "not-the-secret").statusCode()).isEqualTo(401);
        HttpResponse<String> password = token(stack, realm, Map.of("grant_type", "password", "client_id", CLIENT,
                "client_secret", KeycloakSettings.of(stack.config()).serviceClientSecret(), "username", "alice", "password", "Alice-Gatehouse-1"));
        assertThat(password.statusCode()).isIn(400, 401);
        assertThat(password.body()).contains("unauthorized_client");
    }

    @Test
    void aSecretChangedInKeycloakShowsInPlanWithoutItsValueAndApplyRestoresIt(Stack stack, @TempDir Path dir) throws Exception {
        Path copy = TestRealm.copy(dir);
        RealmFile file = RealmFile.parse(copy.toString(), Files.readString(copy), KeycloakSettings.of(stack.config()).realmPlaceholders());
        String rotated;
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            RealmSync sync = new RealmSync(keycloak);
            sync.apply(file);
            ClientRepresentation client = keycloak.realm(file.name()).clients().findByClientId(CLIENT).get(0);
            rotated = keycloak.realm(file.name()).clients().get(client.getId()).generateNewSecret().getValue();

            List<String> plan = sync.plan(file).stream().map(Change::describe).toList();
            assertThat(String.join("\n", plan)).contains("client gatehouse-service: update", "secret: (secret, differs)")
                    .doesNotContain(rotated).doesNotContain(KeycloakSettings.of(stack.config()).serviceClientSecret());
            sync.apply(file);
        }
        assertThat(clientCredentials(stack, file.name(), rotated).statusCode()).isEqualTo(401);
        assertThat(clientCredentials(stack, file.name(), KeycloakSettings.of(stack.config()).serviceClientSecret()).statusCode()).isEqualTo(200);
    }
}
