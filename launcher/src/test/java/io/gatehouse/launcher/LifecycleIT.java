package io.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Settings;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.liberty.LibertySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Day two: the whole stack started by the launcher on the previous Keycloak release, then stopped and started again
 * on the same work folder with the current one (Keycloak migrates its database; Liberty meets a keystore that another
 * build left), then killed with SIGKILL (the launcher and every server at once) and started again. After every start
 * each demo user (local, LDAP, brokered) signs in through the login pages with the same subject, tenant and roles,
 * finds every record written before, and after the upgrade the realm apply has nothing to change. Each stop is
 * Ctrl-C's SIGTERM and must leave no server running.
 * Last, going back to the previous Keycloak on the upgraded data is refused in one line.
 */
class LifecycleIT {
    private static final Duration START_LIMIT = Duration.ofMinutes(6);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    /** The launcher running now, stopped after a failed check so that no server outlives the test. */
    private LauncherProcess current;

    /** Who a user is, as the API reads it from their token. */
    private record Identity(String subject, List<String> organizations, List<String> roles) {
    }

    @Test
    void usersTenantsAndRecordsSurviveAKeycloakUpgradeRestartsAndACrash() throws Exception {
        String previous = System.getProperty("gatehouse.keycloak.previous-version");
        assertThat(previous).as("system property gatehouse.keycloak.previous-version (root pom)").isNotBlank();
        Path work = LauncherProcess.newWorkDir("lifecycle");
        Map<String, String> settings = LauncherProcess.fixedFreePorts();
        Map<String, String> withWork = new HashMap<>(settings);
        withWork.put("gatehouse.work.dir", work.toString());
        StackConfig config = StackConfig.load(new Settings(withWork, System.getenv()));
        List<DemoUser> users = DemoUser.ofThisStack();
        assertThat(users).as("local, LDAP and brokered (OpenID, SAML) demo users").hasSize(10);

        Map<String, Identity> identities = new LinkedHashMap<>();
        Map<String, List<String>> written = new LinkedHashMap<>();

        LauncherProcess first = start(work, settings, Map.of("GATEHOUSE_KEYCLOAK_VERSION", previous));
        assertThat(first.seen()).as("servers started by the launcher").hasSizeGreaterThanOrEqualTo(Component.values().length);
        assertThat(first.output()).contains("Demo users").contains("Second factors")
                .contains("gatehouse-realm: this Keycloak has no admin permission resource type Organizations");
        for (DemoUser user : users) {
            String token = signIn(config, user);
            Identity identity = identity(config, token);
            assertThat(identity.organizations()).as(user.username()).containsExactly(user.organizations().get(0));
            identities.put(user.username(), identity);
            written.computeIfAbsent(user.username(), u -> new ArrayList<>()).add(write(config, token, user, 1));
        }
        first.stop();
        keystoreOfAnotherBuild(work);

        // The previous Keycloak has no Organizations permission type; the upgrade brings the tenant self-service
        // permissions of that type, and nothing else changes.
        LauncherProcess upgraded = start(work, settings, Map.of());
        assertThat(upgraded.output()).as(upgraded.output())
                .contains("Keycloak     realm gatehouse: applied 2 change(s) from keycloak-realm/",
                        "admin permission tenant self-service: find organizations: create",
                        "admin permission tenant self-service: organizations: create")
                .contains("Keycloak     realm initech-idp matches keycloak-realm/")
                .contains("Keycloak     realm umbrella-idp matches keycloak-realm/");
        assertThat(work.resolve("keycloak/data-version")).content().isEqualToIgnoringWhitespace(config.version("keycloak"));
        checkAndWrite(config, users, identities, written, 2);
        // A crash of the upgraded run (a clean stop is the first run's Ctrl-C, and this last run's).
        upgraded.killEverything();

        LauncherProcess afterCrash = start(work, settings, Map.of());
        assertRealmUnchanged(afterCrash);
        checkAndWrite(config, users, identities, written, 3);
        afterCrash.stop();

        LauncherProcess downgrade = LauncherProcess.start("run", work, settings, Map.of("GATEHOUSE_KEYCLOAK_VERSION", previous));
        assertThat(downgrade.awaitExit(START_LIMIT)).isEqualTo(1);
        assertThat(downgrade.output().lines().filter(line -> line.startsWith("gatehouse: ")))
                .containsExactly("gatehouse: Keycloak: the data in " + work.resolve("keycloak") + " was last used by Keycloak "
                        + config.version("keycloak") + " and cannot go back to " + previous
                        + " (Keycloak migrates its database forward only); run " + config.version("keycloak") + " or newer, or start over on an empty work folder");
        downgrade.assertNoServerLeft();
    }

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        if (current != null && current.isAlive()) {
            current.stop();
        }
    }

    private LauncherProcess start(Path work, Map<String, String> settings, Map<String, String> overrides) throws Exception {
        LauncherProcess launch = LauncherProcess.start("run", work, settings, overrides);
        current = launch;
        launch.awaitOutput("Press Ctrl-C to stop.", START_LIMIT);
        return launch;
    }

    /**
     * An upgrade rebuilds Liberty, whose server.env then holds a new keystore password, while the keystore Liberty
     * generated at its first start stays in the work folder, locked with the old one (a fresh empty keystore stands
     * in for it here). Once, that failed every bearer token with 401.
     */
    private static void keystoreOfAnotherBuild(Path work) throws Exception {
        Path keystore = work.resolve("liberty/gatehouse/resources/security/key.p12");
        assertThat(keystore).as("the keystore Liberty generated").exists();
        KeyStore other = KeyStore.getInstance("PKCS12");
        other.load(null, null);
        try (OutputStream out = Files.newOutputStream(keystore)) {
            other.store(out, "another build's password".toCharArray());
        }
    }

    private static void assertRealmUnchanged(LauncherProcess launch) {
        assertThat(launch.output()).as(launch.output())
                .contains("Keycloak     realm gatehouse matches keycloak-realm/")
                .contains("Keycloak     realm initech-idp matches keycloak-realm/")
                .contains("Keycloak     realm umbrella-idp matches keycloak-realm/");
    }

    /** Each user signs in again: same identity, every record written so far is listed; then one more is written. */
    private void checkAndWrite(StackConfig config, List<DemoUser> users, Map<String, Identity> identities,
                               Map<String, List<String>> written, int round) throws Exception {
        for (DemoUser user : users) {
            String token = signIn(config, user);
            assertThat(identity(config, token)).as("%s in start %d", user.username(), round).isEqualTo(identities.get(user.username()));
            HttpResponse<String> list = send(config, "GET", "/records?limit=100", token, null);
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            JSON.readTree(list.body()).path("items").forEach(item -> ids.add(item.path("id").asText()));
            assertThat(ids).as("records of %s in start %d", user.username(), round).containsExactlyInAnyOrderElementsOf(written.get(user.username()));
            written.get(user.username()).add(write(config, token, user, round));
        }
    }

    private static String signIn(StackConfig config, DemoUser user) throws Exception {
        // A member of several organizations (dora) picks her first on Keycloak's chooser.
        return BrowserLogin.forWebClient(config).login(user.username(), user.password(), "openid organization", user.organizations().get(0))
                .accessToken();
    }

    private Identity identity(StackConfig config, String token) throws Exception {
        HttpResponse<String> me = send(config, "GET", "/me", token, null);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(me.body());
        List<String> organizations = new ArrayList<>();
        body.path("organizations").forEach(organization -> organizations.add(organization.asText()));
        TreeSet<String> roles = new TreeSet<>();
        body.path("roles").forEach(role -> roles.add(role.asText()));
        return new Identity(body.path("subject").asText(), organizations, List.copyOf(roles));
    }

    private String write(StackConfig config, String token, DemoUser user, int round) throws Exception {
        String body = JSON.writeValueAsString(Map.of("title", user.username() + " in start " + round, "body", "written before a restart", "tags", List.of("lifecycle")));
        HttpResponse<String> created = send(config, "POST", "/records", token, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    private HttpResponse<String> send(StackConfig config, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(LibertySettings.of(config).apiUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
