package io.gatehouse.stack.liberty;

import io.gatehouse.stack.Archives;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Ports;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.StartupException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The Open Liberty server that the liberty module builds (runtime, server.xml and the app WAR), run with
 * {@code server run} so that the launch script execs the JVM and the stack holds its handle. Settings reach
 * server.xml and MicroProfile Config as environment variables; logs and the work area go to the work folder.
 */
public final class LibertyServer implements AutoCloseable {
    private final ServerProcess process;
    private final String url;

    private LibertyServer(ServerProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    public static LibertyServer start(StackConfig config, BooleanSupplier aborted) {
        Ports.requireFree(Component.LIBERTY, config.host(), config.libertyPort(), "gatehouse.liberty.port");
        Path wlp = config.libertyDir();
        Path script = wlp.resolve("bin/server");
        if (!Files.isExecutable(script) || !Files.isDirectory(wlp.resolve("usr/servers/" + config.libertyServerName()))) {
            throw new StartupException(Component.LIBERTY, "no server '" + config.libertyServerName() + "' in " + wlp
                    + " (build it first: ./mvnw -DskipTests package, or set GATEHOUSE_LIBERTY_DIR)");
        }
        Path work = config.workDir().resolve("liberty");
        Path userDir = snapshot(wlp.resolve("usr"), work.resolve("usr"), config.libertyServerName());
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("WLP_USER_DIR", userDir.toString());
        environment.put("WLP_OUTPUT_DIR", work.toString());
        environment.put("GATEHOUSE_HOST", config.host());
        environment.put("GATEHOUSE_LIBERTY_PORT", Integer.toString(config.libertyPort()));
        environment.put("GATEHOUSE_JWT_ISSUER", config.issuer());
        environment.put("GATEHOUSE_JWT_JWKS_URI", config.jwksUri());
        environment.put("GATEHOUSE_JWT_AUDIENCE", StackConfig.API_AUDIENCE);
        environment.put("GATEHOUSE_CASSANDRA_CONTACT_POINTS", config.host() + ":" + config.cassandraPort());
        environment.put("GATEHOUSE_CASSANDRA_LOCAL_DATACENTER", config.cassandraDatacenter());
        environment.put("GATEHOUSE_CORS_ORIGIN", config.webUrl());
        environment.put("GATEHOUSE_KEYCLOAK_URL", config.keycloakUrl());
        environment.put("GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET", config.tenantAdminClientSecret());
        ServerProcess process = ServerProcess.start(Component.LIBERTY,
                List.of(script.toString(), "run", config.libertyServerName()), environment, work, work.resolve("liberty.log"));
        String url = "http://" + config.host() + ":" + config.libertyPort();
        // Readiness includes the app's Cassandra check, so "ready" means requests can be served.
        process.awaitReady(ServerProcess.httpOk(URI.create(url + "/health/ready")), config.startTimeout(), aborted);
        return new LibertyServer(process, url);
    }

    /**
     * Runs the server from a copy of its configuration and apps taken at start, so a rebuild while the stack
     * runs (which rewrites the WAR in the build folder) cannot swap classes under the running server.
     */
    private static Path snapshot(Path builtUserDir, Path userDir, String serverName) {
        Path source = builtUserDir.resolve("servers").resolve(serverName);
        Path target = userDir.resolve("servers").resolve(serverName);
        try {
            Archives.deleteTree(userDir);
            Archives.copyTree(source, target, relative -> relative.startsWith("workarea") || relative.startsWith("logs")
                    || relative.startsWith(Path.of("apps", "expanded")));
            return userDir;
        } catch (IOException e) {
            throw new StartupException(Component.LIBERTY, "cannot copy the server from " + source + ": " + e.getMessage(), e);
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
