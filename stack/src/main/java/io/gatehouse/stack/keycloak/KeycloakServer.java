package io.gatehouse.stack.keycloak;

import io.gatehouse.realm.Change;
import io.gatehouse.realm.ShippedRealms;
import io.gatehouse.stack.Archives;
import io.gatehouse.stack.NodeSlots;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The official Keycloak server distribution from Maven Central, unpacked once into the cache, built once for
 * PostgreSQL with Gatehouse's providers ({@link ProvidersJar}, {@code kc.sh build}) and run in production mode
 * ({@code start --optimized}) on loopback HTTP: one node with a local cache, or a cluster of nodes on the same
 * database that form one Infinispan cluster (discovery through the database, Keycloak's jdbc-ping) behind a
 * {@link LoadBalancer}. Once it answers, the realm files of keycloak-realm are applied through the realm CLI's own
 * code, and only then is it ready. Tests take a node down and bring it back through {@link #node(int)}.
 */
public final class KeycloakServer implements Server {
    /** As deploy/containers/keycloak/Dockerfile builds the image: health, metrics and metrics of user events (sign-ins, tokens). */
    private static final List<String> COMMON_BUILD_OPTIONS = List.of("--db=postgres", "--health-enabled=true", "--metrics-enabled=true",
            "--event-metrics-user-enabled=true");
    /**
     * The user-event counters' tags: per realm, client and identity provider (a handful each here, so the series stay
     * few); as the AWS task sets them (KeycloakService).
     */
    public static final String EVENT_METRICS_TAGS = "realm,clientId,idp";
    private static final String BUILD_MARKER = ".gatehouse-build";

    private final KeycloakSettings settings;
    private final Database database;
    private final Startup startup;
    private final Path home;
    private final Map<String, String> environment;
    private final NodeSlots<KeycloakNode> nodes;
    private volatile LoadBalancer balancer;

    private KeycloakServer(KeycloakSettings settings, Database database, Startup startup, Path home, Map<String, String> environment) {
        this.settings = settings;
        this.database = database;
        this.startup = startup;
        this.home = home;
        this.environment = environment;
        this.nodes = new NodeSlots<>(settings.nodes());
    }

    public static KeycloakServer start(Startup startup) {
        StackConfig stack = startup.config();
        KeycloakSettings settings = KeycloakSettings.of(stack);
        Database database = startup.server(PostgresServer.class).map(PostgresServer::database)
                .or(() -> PostgresSettings.of(stack).external())
                .orElseThrow(() -> startup.failure("needs PostgreSQL, which is not running"));
        String version = stack.version("keycloak");
        boolean clustered = settings.nodes() > 1;
        // A build fixes the cache (local or clustered): each kind has its own copy, so that switching topology never rebuilds.
        Path home = Archives.unzipOnce(startup.artifacts().resolve("org.keycloak:keycloak-quarkus-dist:zip:" + version),
                stack.cacheDir().resolve("keycloak-" + version + (clustered ? "-cluster" : ""))).resolve("keycloak-" + version);
        Path work = settings.workDir();
        DataVersion dataVersion = new DataVersion(startup, work);
        dataVersion.requireNotOlderThanData(version);
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        List<String> buildOptions = new ArrayList<>(COMMON_BUILD_OPTIONS);
        // A single node keeps its caches local: nothing to cluster with, and no network discovery at start.
        buildOptions.add(clustered ? "--cache=ispn" : "--cache=local");
        buildOnce(startup, home, work, environment, buildOptions);

        environment.putAll(Map.of(
                "KC_DB_URL", database.jdbcUrl(),
                "KC_DB_USERNAME", database.username(),
                "KC_DB_PASSWORD", database.password(),
                "KC_HTTP_ENABLED", "true",
                "KC_HTTP_PORT", Integer.toString(settings.port()),
                "KC_HTTP_MANAGEMENT_PORT", Integer.toString(settings.managementPort()),
                "KC_HOSTNAME", settings.url(),
                "KC_EVENT_METRICS_USER_TAGS", EVENT_METRICS_TAGS,
                // Only read on the first start of an empty database.
                "KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUser(),
                "KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword()));
        KeycloakServer server = new KeycloakServer(settings, database, startup, home, environment);
        try {
            // One after the other: the first migrates an older database and creates the admin, the next joins its cluster.
            IntStream.rangeClosed(1, settings.nodes()).forEach(server::startNode);
            if (clustered) {
                Map<URI, URI> nodes = new LinkedHashMap<>();
                IntStream.rangeClosed(1, settings.nodes()).forEach(node -> nodes.put(settings.nodeUrl(node), settings.readiness(node)));
                server.balancer = LoadBalancer.start(stack.host(), settings.port(), nodes);
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        dataVersion.record(version);
        try {
            applyRealms(settings, startup.out());
        } catch (RuntimeException e) {
            server.close();
            throw startup.failure("applying the realm files failed: " + e.getMessage(), e);
        }
        return server;
    }

    /** Node n (1 to the cluster's size), as it runs now. */
    public KeycloakNode node(int number) {
        return nodes.get(number);
    }

    public List<KeycloakNode> nodes() {
        return nodes.started();
    }

    /** Starts node n again (it must have died or been killed), as an operator would; returns once it is ready. */
    public KeycloakNode restart(int number) {
        KeycloakNode node = node(number);
        if (node.process().isAlive()) {
            throw new IllegalStateException("Keycloak node " + number + " is still running (pid " + node.process().pid() + ")");
        }
        return startNode(number);
    }

    private KeycloakNode startNode(int number) {
        Path work = settings.nodeDir(number);
        Map<String, String> nodeEnvironment = new HashMap<>(environment);
        nodeEnvironment.put("KC_HTTP_HOST", settings.host(number));
        if (settings.nodes() > 1) {
            nodeEnvironment.putAll(Map.of(
                    "KC_CACHE_EMBEDDED_NETWORK_BIND_ADDRESS", settings.host(number),
                    "KC_CACHE_EMBEDDED_NETWORK_BIND_PORT", Integer.toString(settings.clusterPort()),
                    // The nodes share one distribution: each keeps its own transaction log.
                    "JAVA_OPTS_APPEND", "-Dquarkus.transaction-manager.object-store.directory=" + work.resolve("transaction-logs")));
        }
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw startup.failure("cannot create " + work + ": " + e.getMessage(), e);
        }
        ServerProcess process = startup.run(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized"),
                nodeEnvironment, work, work.resolve("keycloak.log"));
        KeycloakNode node = new KeycloakNode(number, settings.nodeUrl(number), process);
        nodes.set(number, node);
        startup.awaitReady(process, ServerProcess.httpOk(settings.readiness(number)));
        return node;
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
    private static void buildOnce(Startup startup, Path home, Path work, Map<String, String> environment, List<String> options) {
        Path marker = home.resolve(BUILD_MARKER);
        String wanted = String.join(" ", options) + " providers " + ProvidersJar.install(home);
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
                return;
            }
            Files.createDirectories(work);
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
            command.addAll(options);
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

    public KeycloakSettings settings() {
        return settings;
    }

    public Database database() {
        return database;
    }

    @Override
    public ServerProcess process() {
        return node(1).process();
    }

    @Override
    public List<ServerProcess> processes() {
        return nodes().stream().map(KeycloakNode::process).toList();
    }

    @Override
    public void close() {
        Optional.ofNullable(balancer).ifPresent(LoadBalancer::close);
        Server.super.close();
    }

    @Override
    public String endpoint() {
        return settings.url() + (settings.nodes() > 1 ? " (load balancer over " + settings.nodes() + " nodes: "
                + nodes().stream().map(node -> node.url().getAuthority()).collect(Collectors.joining(", ")) + ")" : "");
    }
}
