package io.gatehouse.stack.keycloak;

import io.gatehouse.realm.AdminSignIn;
import io.gatehouse.realm.Change;
import io.gatehouse.realm.ShippedRealms;
import io.gatehouse.stack.Archives;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerConfig;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;
import io.gatehouse.stack.ldap.LdapServer;
import io.gatehouse.stack.mail.MailServer;
import io.gatehouse.stack.postgres.Database;
import io.gatehouse.stack.postgres.PostgresServer;
import io.gatehouse.stack.web.WebServer;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The official Keycloak server distribution from Maven Central, unpacked once into the cache, built once for
 * PostgreSQL ({@code kc.sh build}) and run in production mode ({@code start --optimized}) on loopback HTTP. Once it
 * answers, the realm files of keycloak-realm are applied through the realm CLI's own code, and only then is it ready.
 */
public record KeycloakServer(ServerProcess process, Config config, Database database) implements Server {
    /** Build-time options; a change triggers a new {@code kc.sh build}. A local cache avoids clustering over the network. */
    private static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true",
            "--metrics-enabled=true", "--cache=local");
    private static final String BUILD_MARKER = ".gatehouse-build";


    /** Where it listens, its admin, and the values the realm files' placeholders take on this stack. */
    public record Config(StackConfig stack, int port, int managementPort) implements ServerConfig {
        public static Config of(StackConfig stack) {
            return new Config(stack, stack.port("gatehouse.keycloak.port", 18080), stack.port("gatehouse.keycloak.management-port", 19000));
        }

        @Override
        public Map<String, Integer> ports() {
            return Map.of("gatehouse.keycloak.port", port, "gatehouse.keycloak.management-port", managementPort);
        }

        public String url() {
            return stack.url(port);
        }

        public String issuer() {
            return url() + "/realms/" + StackConfig.REALM;
        }

        /** Where the realm publishes its signing keys (what the API's mpJwt fetches). */
        public String jwksUri() {
            return issuer() + "/protocol/openid-connect/certs";
        }

        public String adminUser() {
            return stack.settings().get("gatehouse.keycloak.admin-user", "admin");
        }

        public String adminPassword() {
            return stack.secret("gatehouse.keycloak.admin-password", "keycloak-admin-password");
        }

        /** A master-realm admin's client for the admin API; close it when done. */
        public Keycloak admin() {
            return AdminSignIn.asUser(url(), "master", adminUser(), adminPassword());
        }

        /** The secret of the realm's service-account client on this stack. */
        public String serviceClientSecret() {
            return stack.secret("gatehouse.service.client-secret", "service-client-secret");
        }

        /** The secret of the client whose service account the API uses for tenant self-service (Keycloak's admin API). */
        public String tenantAdminClientSecret() {
            return stack.secret("gatehouse.tenant-admin.client-secret", "tenant-admin-client-secret");
        }

        /** Values of the realm files' {@code ${NAME}} placeholders on this stack. */
        public Map<String, String> realmPlaceholders() {
            LdapServer.Config ldap = LdapServer.Config.of(stack);
            return Map.of("GATEHOUSE_WEB_URL", WebServer.Config.of(stack).url(), "GATEHOUSE_KEYCLOAK_URL", url(),
                    "GATEHOUSE_SERVICE_CLIENT_SECRET", serviceClientSecret(),
                    // The secret the demo company's identity provider (realm initech-idp) shares with gatehouse, its broker.
                    "GATEHOUSE_BROKER_CLIENT_SECRET", stack.secret("gatehouse.broker.client-secret", "broker-client-secret"),
                    "GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET", tenantAdminClientSecret(),
                    "GATEHOUSE_LDAP_URL", ldap.url(), "GATEHOUSE_LDAP_BIND_PASSWORD", ldap.bindPassword(),
                    "GATEHOUSE_SMTP_HOST", stack.host(), "GATEHOUSE_SMTP_PORT", Integer.toString(MailServer.Config.of(stack).smtpPort()));
        }
    }

    public static KeycloakServer start(Startup startup) {
        StackConfig stack = startup.config();
        Config config = Config.of(stack);
        Database database = startup.server(PostgresServer.class).map(PostgresServer::database)
                .or(() -> PostgresServer.Config.of(stack).external())
                .orElseThrow(() -> startup.failure("needs PostgreSQL, which is not running"));
        String version = stack.version("keycloak");
        Path home = Archives.unzipOnce(startup.artifacts().resolve("org.keycloak:keycloak-quarkus-dist:zip:" + version),
                stack.cacheDir().resolve("keycloak-" + version)).resolve("keycloak-" + version);
        Path work = stack.workDir().resolve("keycloak");
        DataVersion dataVersion = new DataVersion(startup, work);
        dataVersion.requireNotOlderThanData(version);
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        buildOnce(startup, home, work, environment);

        environment.putAll(Map.of(
                "KC_DB_URL", database.jdbcUrl(),
                "KC_DB_USERNAME", database.username(),
                "KC_DB_PASSWORD", database.password(),
                "KC_HTTP_ENABLED", "true",
                "KC_HTTP_HOST", stack.host(),
                "KC_HTTP_PORT", Integer.toString(config.port()),
                "KC_HTTP_MANAGEMENT_PORT", Integer.toString(config.managementPort()),
                "KC_HOSTNAME", config.url(),
                // Only read on the first start of an empty database.
                "KC_BOOTSTRAP_ADMIN_USERNAME", config.adminUser(),
                "KC_BOOTSTRAP_ADMIN_PASSWORD", config.adminPassword()));
        ServerProcess process = startup.run(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized"),
                environment, work, work.resolve("keycloak.log"));
        startup.awaitReady(process, ServerProcess.httpOk(URI.create(stack.url(config.managementPort()) + "/health/ready")));
        dataVersion.record(version);
        try {
            applyRealms(config, startup.out());
        } catch (RuntimeException e) {
            process.close();
            throw startup.failure("applying the realm files failed: " + e.getMessage(), e);
        }
        return new KeycloakServer(process, config, database);
    }

    private static void applyRealms(Config config, Consumer<String> out) {
        try (Keycloak admin = config.admin()) {
            ShippedRealms.apply(admin, config.realmPlaceholders()).forEach((realm, changes) -> {
                out.accept(changes.isEmpty()
                        ? "Keycloak     realm " + realm + " matches keycloak-realm/"
                        : "Keycloak     realm " + realm + ": applied " + changes.size() + " change(s) from keycloak-realm/");
                changes.stream().map(Change::describe).forEach(change -> out.accept("  " + change));
            });
        }
    }

    private static void buildOnce(Startup startup, Path home, Path work, Map<String, String> environment) {
        Path marker = home.resolve(BUILD_MARKER);
        String wanted = String.join(" ", BUILD_OPTIONS);
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
                return;
            }
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
            command.addAll(BUILD_OPTIONS);
            ServerProcess build = startup.run(command, environment, work, work.resolve("keycloak-build.log"));
            int exit = build.waitFor(Duration.ofMinutes(5), startup.aborted());
            if (exit != 0) {
                throw startup.failure("kc.sh build failed with code " + exit + " (log " + build.log() + ": " + build.logTail() + ")");
            }
            Files.writeString(marker, wanted);
        } catch (IOException e) {
            throw startup.failure("cannot prepare " + home + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return config.url();
    }
}
