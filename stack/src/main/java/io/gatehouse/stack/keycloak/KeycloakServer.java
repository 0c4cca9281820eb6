package io.gatehouse.stack.keycloak;

import io.gatehouse.stack.Archives;
import io.gatehouse.stack.Artifacts;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Database;
import io.gatehouse.stack.Ports;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.StartupException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The official Keycloak server distribution from Maven Central, unpacked once into the cache, built once for
 * PostgreSQL ({@code kc.sh build}) and run in production mode ({@code start --optimized}) on loopback HTTP.
 */
public final class KeycloakServer implements AutoCloseable {
    /** Build-time options; a change triggers a new {@code kc.sh build}. A local cache avoids clustering over the network. */
    private static final List<String> BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true",
            "--metrics-enabled=true", "--cache=local");
    private static final String BUILD_MARKER = ".gatehouse-build";

    private final ServerProcess process;
    private final String url;

    private KeycloakServer(ServerProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    public static KeycloakServer start(StackConfig config, Artifacts artifacts, Database database, BooleanSupplier aborted) {
        Ports.requireFree(Component.KEYCLOAK, config.host(), config.keycloakPort(), "gatehouse.keycloak.port");
        Ports.requireFree(Component.KEYCLOAK, config.host(), config.keycloakManagementPort(), "gatehouse.keycloak.management-port");
        String version = config.version("keycloak");
        Path home = Archives.unzipOnce(artifacts.resolve("org.keycloak:keycloak-quarkus-dist:zip:" + version),
                config.cacheDir().resolve("keycloak-" + version)).resolve("keycloak-" + version);
        Path work = config.workDir().resolve("keycloak");
        DataVersion dataVersion = new DataVersion(work);
        dataVersion.requireNotOlderThanData(version);
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        buildOnce(home, work, environment, aborted);

        environment.putAll(Map.of(
                "KC_DB_URL", database.jdbcUrl(),
                "KC_DB_USERNAME", database.username(),
                "KC_DB_PASSWORD", database.password(),
                "KC_HTTP_ENABLED", "true",
                "KC_HTTP_HOST", config.host(),
                "KC_HTTP_PORT", Integer.toString(config.keycloakPort()),
                "KC_HTTP_MANAGEMENT_PORT", Integer.toString(config.keycloakManagementPort()),
                "KC_HOSTNAME", config.keycloakUrl(),
                // Only read on the first start of an empty database.
                "KC_BOOTSTRAP_ADMIN_USERNAME", config.keycloakAdminUser(),
                "KC_BOOTSTRAP_ADMIN_PASSWORD", config.keycloakAdminPassword()));
        ServerProcess process = ServerProcess.start(Component.KEYCLOAK,
                List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized"),
                environment, work, work.resolve("keycloak.log"));
        process.awaitReady(ServerProcess.httpOk(URI.create("http://" + config.host() + ":" + config.keycloakManagementPort() + "/health/ready")),
                config.startTimeout(), aborted);
        dataVersion.record(version);
        return new KeycloakServer(process, config.keycloakUrl());
    }

    private static void buildOnce(Path home, Path work, Map<String, String> environment, BooleanSupplier aborted) {
        Path marker = home.resolve(BUILD_MARKER);
        String wanted = String.join(" ", BUILD_OPTIONS);
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
                return;
            }
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
            command.addAll(BUILD_OPTIONS);
            ServerProcess build = ServerProcess.start(Component.KEYCLOAK, command, environment, work, work.resolve("keycloak-build.log"));
            int exit = build.waitFor(Duration.ofMinutes(5), aborted);
            if (exit != 0) {
                throw new StartupException(Component.KEYCLOAK, "kc.sh build failed with code " + exit + " (log " + build.log() + ": " + build.logTail() + ")");
            }
            Files.writeString(marker, wanted);
        } catch (IOException e) {
            throw new StartupException(Component.KEYCLOAK, "cannot prepare " + home + ": " + e.getMessage(), e);
        }
    }

    public String url() {
        return url;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
