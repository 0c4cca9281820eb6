package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the app realm's clients refuse, on the realm the stack imported from the production file and the demo overlay. */
@WithStack(Component.KEYCLOAK)
class ClientHardeningIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theAppRealmsAdminCliHasNoPasswordGrant(Stack stack) throws Exception {
        HttpResponse<String> password = token(stack, Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", "adam", "password", "Adam-Gatehouse-1"));
        assertThat(password.statusCode()).as(password.body()).isIn(400, 401);
        assertThat(password.body()).contains("unauthorized_client");
    }

    @Test
    void theWebClientGetsNoOfflineToken(Stack stack) throws Exception {
        BrowserLogin login = BrowserLogin.forWebClient(stack.config());
        try {
            BrowserLogin.Tokens tokens = login.login("alice", "Alice-Gatehouse-1", "openid organization offline_access");
            JsonNode refresh = claims(tokens.refreshToken());
            assertThat(refresh.path("typ").asText()).as("an ordinary refresh token that ends with the session").isEqualTo("Refresh");
            assertThat(claims(tokens.accessToken()).path("scope").asText()).doesNotContain("offline_access");
        } catch (BrowserLogin.LoginRefused refused) {
            assertThat(refused).hasMessageContaining("invalid_scope");
        }
    }

    @Test
    void aTokenNeverNamesAnOrganizationTheUserIsNotAMemberOf(Stack stack) throws Exception {
        try {
            BrowserLogin.Tokens tokens = BrowserLogin.forWebClient(stack.config()).login("alice", "Alice-Gatehouse-1", "openid organization:globex");
            assertThat(claims(tokens.accessToken()).path("organization").toString()).doesNotContain("globex");
        } catch (BrowserLogin.LoginRefused refused) {
            assertThat(refused.getMessage()).as("or Keycloak refuses the sign-in").isNotBlank();
        }
    }

    private HttpResponse<String> token(Stack stack, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(stack.server(KeycloakServer.class).settings().url() + "/realms/" + StackConfig.REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode claims(String jwt) throws Exception {
        return BrowserLogin.claims(jwt);
    }
}
