package io.gatehouse.app.security;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.keycloak.NewMembers;
import io.gatehouse.stack.liberty.LibertySettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions end everywhere: when Keycloak ends a session (the user signs out, an admin ends their sessions), it posts
 * a back-channel logout token to the API, and within 2 seconds the session's access tokens get 401 on every
 * endpoint, also after the API restarts; the user's other sessions keep working. Tokens of a user an admin disables or
 * deletes (Keycloak sends no logout for those; the API reads its admin events) are refused within 2 seconds too.
 * Forged logout tokens end nothing.
 */
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class SessionEndIT {
    private static final Duration WITHIN = Duration.ofSeconds(2);
    private static final String NEW_MEMBER_PASSWORD = "Ended-Gatehouse-1";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Stack stack;
    private Api api;

    @BeforeEach
    void connect(Stack stack) {
        this.stack = stack;
        this.api = new Api(stack);
    }

    @Test
    void aSignedOutSessionsTokenIsRefusedWithinTwoSecondsOnEveryEndpointAndAfterARestart() throws Exception {
        BrowserLogin.Tokens signedOut = login("alice");
        BrowserLogin.Tokens otherDevice = login("alice");
        assertThat(api.get("/me", signedOut.accessToken()).status()).isEqualTo(200);

        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/logout?client_id="
                + StackConfig.WEB_CLIENT + "&id_token_hint=" + signedOut.idToken())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).as(logout.body()).isLessThan(400);

        Duration refusedAfter = untilRefused(signedOut.accessToken());
        System.out.printf("revocation: a signed-out session's token was refused %d ms after the sign-out%n", refusedAfter.toMillis());
        for (Api.Response refused : everyEndpoint(signedOut.accessToken())) {
            assertRefusedAsEnded(refused);
        }
        assertThat(api.get("/me", otherDevice.accessToken()).status()).as("alice's other session").isEqualTo(200);

        stack.restart(Component.LIBERTY);
        assertRefusedAsEnded(api.get("/me", signedOut.accessToken()));
        assertRefusedAsEnded(api.get("/records", signedOut.accessToken()));
        assertThat(api.get("/me", otherDevice.accessToken()).status()).as("after the restart too").isEqualTo(200);
    }

    @Test
    void sessionsAnAdminEndsAreRefusedWithinTwoSeconds() throws Exception {
        String adam = api.adminToken("adam");
        assertThat(api.get("/admin/retention", adam).status()).isEqualTo(200);

        try (Keycloak admin = KeycloakSettings.of(stack.config()).admin()) {
            var users = admin.realm(StackConfig.REALM).users();
            users.get(users.searchByUsername("adam", true).get(0).getId()).logout();
        }
        api.forget("adam");

        untilRefused(adam);
        assertRefusedAsEnded(api.get("/admin/retention", adam));
        assertRefusedAsEnded(api.get("/me", adam));
        assertThat(api.get("/me", login("adam").accessToken()).status()).as("a new sign-in works").isEqualTo(200);
    }

    @Test
    void tokensOfUsersAnAdminDisablesOrDeletesAreRefusedWithinTwoSecondsAlsoAfterARestartAndNewOnesOnceEnabledAgain() throws Exception {
        try (Keycloak admin = KeycloakSettings.of(stack.config()).admin(); NewMembers members = new NewMembers(admin.realm(StackConfig.REALM))) {
            UsersResource users = admin.realm(StackConfig.REALM).users();
            String disabled = members.add("acme", NEW_MEMBER_PASSWORD);
            String deleted = members.add("acme", NEW_MEMBER_PASSWORD);
            String disabledToken = newMemberLogin(members.username(disabled));
            String deletedToken = newMemberLogin(members.username(deleted));
            assertThat(api.get("/records", disabledToken).status()).isEqualTo(200);
            assertThat(api.get("/records", deletedToken).status()).isEqualTo(200);

            setEnabled(users, disabled, false);
            Duration refusedAfter = untilRefused(disabledToken);
            System.out.printf("revocation: a disabled user's token was refused %d ms after the update%n", refusedAfter.toMillis());
            for (Api.Response refused : everyEndpoint(disabledToken)) {
                assertRefusedAsEnded(refused);
            }
            try (var removed = users.delete(deleted)) {
                assertThat(removed.getStatus()).isEqualTo(204);
            }
            untilRefused(deletedToken);
            assertRefusedAsEnded(api.get("/records", deletedToken));

            setEnabled(users, disabled, true);
            String enabledAgain = newMemberLogin(members.username(disabled));
            assertThat(api.get("/records", enabledAgain).status()).as("a token issued once enabled again").isEqualTo(200);
            assertRefusedAsEnded(api.get("/records", disabledToken));

            stack.restart(Component.LIBERTY);
            assertRefusedAsEnded(api.get("/records", disabledToken));
            assertRefusedAsEnded(api.get("/records", deletedToken));
            assertThat(api.get("/records", enabledAgain).status()).as("after the API read the events again").isEqualTo(200);
        }
    }

    @Test
    void forgedOrMalformedLogoutTokensEndNothing() throws Exception {
        BrowserLogin.Tokens alice = login("alice");
        String sid = Api.claims(alice.accessToken()).path("sid").asText();
        RealmTestKey realmKey = RealmTestKey.register(stack);
        KeyPair stranger = TestTokens.newRsaKey();

        Map<String, Object> valid = logoutClaims(sid);
        Map<String, Object> header = Map.of("alg", "RS256", "kid", realmKey.kid());
        assertRefused(postLogout(null), "the form parameter logout_token is missing");
        assertRefused(postLogout("not.a.jwt"), "not a signed JWT");
        Map<Map<String, Object>, String> forged = Map.of(
                with(valid, "aud", "gatehouse-api"), "aud claim rejected",
                with(valid, "iss", "http://127.0.0.1:1/realms/gatehouse"), "iss",
                with(valid, "events", Map.of("other", Map.of())), "the events claim has no",
                without(valid, "events"), "events",
                with(valid, "nonce", "n"), "a logout token has no nonce",
                with(valid, "exp", Instant.now().minusSeconds(600).getEpochSecond()), "xpired",
                without(without(valid, "sid"), "sub"), "neither a session (sid) nor a user (sub)");
        forged.forEach((claims, reason) -> assertRefused(postLogout(TestTokens.rs256(header, claims, realmKey.keys().getPrivate())), reason));
        assertRefused(postLogout(TestTokens.rs256(header, valid, stranger.getPrivate())), "not a logout token of this realm");
        assertRefused(postLogout(TestTokens.hs256(Map.of("alg", "HS256", "kid", realmKey.kid()), valid,
                "secret-secret-secret-secret-secret".getBytes(StandardCharsets.UTF_8))), "not a logout token of this realm");
        assertRefused(postLogout(TestTokens.unsigned(Map.of("alg", "none"), valid)), "Unsecured (plain) JWTs are rejected");

        Thread.sleep(WITHIN.toMillis());
        assertThat(api.get("/me", alice.accessToken()).status()).as("nothing was ended").isEqualTo(200);

        HttpResponse<String> accepted = postLogout(TestTokens.rs256(Map.of("alg", "RS256", "kid", realmKey.kid()), valid, realmKey.keys().getPrivate()));
        assertThat(accepted.statusCode()).as("the same token, properly signed: " + accepted.body()).isEqualTo(200);
        untilRefused(alice.accessToken());
    }

    private BrowserLogin.Tokens login(String user) throws Exception {
        return BrowserLogin.forWebClient(stack.config()).login(user, Api.PASSWORDS.get(user), "openid organization");
    }

    private String newMemberLogin(String username) throws Exception {
        return BrowserLogin.forWebClient(stack.config()).login(username, NEW_MEMBER_PASSWORD, "openid organization").accessToken();
    }

    private static void setEnabled(UsersResource users, String id, boolean enabled) {
        UserRepresentation user = users.get(id).toRepresentation();
        user.setEnabled(enabled);
        users.get(id).update(user);
    }

    private String realmUrl() {
        return KeycloakSettings.of(stack.config()).url() + "/realms/" + StackConfig.REALM;
    }

    private Map<String, Object> logoutClaims(String sid) {
        long now = Instant.now().getEpochSecond();
        return Map.of("iss", realmUrl(), "aud", StackConfig.WEB_CLIENT, "iat", now, "exp", now + 60, "jti", UUID.randomUUID().toString(),
                "sid", sid, "typ", "Logout", "events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> changed = new HashMap<>(claims);
        changed.put(name, value);
        return changed;
    }

    private static Map<String, Object> without(Map<String, Object> claims, String name) {
        Map<String, Object> changed = new HashMap<>(claims);
        changed.remove(name);
        return changed;
    }

    private static void assertRefused(HttpResponse<String> refused, String reason) {
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("logout token refused").contains(reason);
    }

    private HttpResponse<String> postLogout(String logoutToken) {
        String form = logoutToken == null ? "" : "logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8);
        try {
            return http.send(HttpRequest.newBuilder(URI.create(LibertySettings.of(stack.config()).apiUrl() + "/backchannel-logout"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How long until the token gets 401; fails when that takes longer than {@link #WITHIN}. */
    private Duration untilRefused(String token) throws InterruptedException {
        long start = System.nanoTime();
        while (api.get("/me", token).status() != 401) {
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).as("the ended session's token is still accepted").isLessThan(WITHIN);
            Thread.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private List<Api.Response> everyEndpoint(String token) {
        return List.of(api.get("/me", token), api.get("/records", token), api.post("/records", token, "{\"title\":\"t\",\"body\":\"\"}"),
                api.get("/records/" + UUID.randomUUID(), token), api.get("/admin/retention", token), api.get("/admin/members", token));
    }

    private static void assertRefusedAsEnded(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("invalid_token").contains("the session has ended");
        assertThat(response.json().path("detail").asText()).contains("session has ended");
    }
}
