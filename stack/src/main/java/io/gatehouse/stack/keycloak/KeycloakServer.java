package io.gatehouse.stack.keycloak;

import io.gatehouse.realm.Change;
import io.gatehouse.realm.ShippedRealms;
import io.gatehouse.stack.Archives;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;
import io.gatehouse.stack.postgres.Database;
import io.gatehouse.stack.postgres.PostgresServer;
import io.gatehouse.stack.postgres.PostgresSettings;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;

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
 * PostgreSQL with Gatehouse's providers ({@link ProvidersJar}, {@code kc.sh build}) and run in production mode ({@code start --optimized}) on loopback HTTP. Once it
 * answers, the realm files of keycloak-realm are applied through the realm CLI's own code, and only then is it ready.
 */
public record KeycloakServer(ServerProcess process, KeycloakSettings settings, Database database) implements Server {
    /** Build-time options; a change triggers a new {@code kc.sh build}. A local cache avoids clustering over the network. */
    private static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true",
            "--metrics-enabled=true", "--cache=local");
    private static final String BUILD_MARKER = ".gatehouse-build";

    public static KeycloakServer start(Startup startup) {
        StackConfig stack = startup.config();
        KeycloakSettings settings = KeycloakSettings.of(stack);
        Database database = startup.server(PostgresServer.class).map(PostgresServer::database)
                .or(() -> PostgresSettings.of(stack).external())
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
                "KC_HTTP_PORT", Integer.toString(settings.port()),
                "KC_HTTP_MANAGEMENT_PORT", Integer.toString(settings.managementPort()),
                "KC_HOSTNAME", settings.url(),
                // Only read on the first start of an empty database.
                "KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUser(),
                "KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword()));
        ServerProcess process = startup.run(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized"),
                environment, work, work.resolve("keycloak.log"));
        startup.awaitReady(process, ServerProcess.httpOk(URI.create(stack.url(settings.managementPort()) + "/health/ready")));
        dataVersion.record(version);
        try {
            applyRealms(settings, startup.out());
        } catch (RuntimeException e) {
            process.close();
            throw startup.failure("applying the realm files failed: " + e.getMessage(), e);
        }
        return new KeycloakServer(process, settings, database);
    }

    private static void applyRealms(KeycloakSettings settings, Consumer<String> out) {
        try (Keycloak admin = settings.admin()) {
            ShippedRealms.apply(admin, settings.realmPlaceholders()).forEach((realm, changes) -> {
                out.accept(changes.isEmpty()
                        ? "Keycloak     realm " + realm + " matches keycloak-realm/"
                        : "Keycloak     realm " + realm + ": applied " + changes.size() + " change(s) from keycloak-realm/");
                changes.stream().map(Change::describe).forEach(change -> out.accept("  " + change));
            });
            if (settings.otpCodeReusable()) {
                RealmRepresentation realm = admin.realm(StackConfig.REALM).toRepresentation();
                if (!Boolean.TRUE.equals(realm.isOtpPolicyCodeReusable())) {
                    realm.setOtpPolicyCodeReusable(true);
                    admin.realm(StackConfig.REALM).update(realm);
                }
            }
        }
    }

    /** Builds when the build options or Gatehouse's providers changed since the last build of this distribution. */
    private static void buildOnce(Startup startup, Path home, Path work, Map<String, String> environment) {
        Path marker = home.resolve(BUILD_MARKER);
        String wanted = String.join(" ", BUILD_OPTIONS) + " providers " + ProvidersJar.install(home);
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
        return settings.url();
    }
}
