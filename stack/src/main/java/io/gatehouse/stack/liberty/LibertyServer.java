package io.gatehouse.stack.liberty;

import io.gatehouse.stack.Archives;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.web.WebSettings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Liberty server that the liberty module builds (runtime, server.xml and the app WAR), run with
 * {@code server run} so that the launch script execs the JVM and the stack holds its handle. Settings reach
 * server.xml and MicroProfile LibertySettings as environment variables; logs and the work area go to the work folder.
 */
public record LibertyServer(ServerProcess process, LibertySettings settings) implements Server {

    public static LibertyServer start(Startup startup) {
        StackConfig stack = startup.config();
        LibertySettings settings = LibertySettings.of(stack);
        Path wlp = settings.dir();
        Path script = wlp.resolve("bin/server");
        if (!Files.isExecutable(script) || !Files.isDirectory(wlp.resolve("usr/servers/" + settings.serverName()))) {
            throw startup.failure("no server '" + settings.serverName() + "' in " + wlp
                    + " (build it first: ./mvnw -DskipTests package, or set GATEHOUSE_LIBERTY_DIR)");
        }
        Path work = stack.workDir().resolve("liberty");
        Path userDir = snapshot(startup, wlp.resolve("usr"), work.resolve("usr"), settings.serverName());
        forgetGeneratedKeystore(startup, work.resolve(settings.serverName()));
        KeycloakSettings keycloak = KeycloakSettings.of(stack);
        CassandraSettings cassandra = CassandraSettings.of(stack);
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("WLP_USER_DIR", userDir.toString());
        environment.put("WLP_OUTPUT_DIR", work.toString());
        environment.put("GATEHOUSE_HOST", stack.host());
        environment.put("GATEHOUSE_LIBERTY_PORT", Integer.toString(settings.port()));
        environment.put("GATEHOUSE_JWT_ISSUER", keycloak.issuer());
        environment.put("GATEHOUSE_JWT_JWKS_URI", keycloak.jwksUri());
        environment.put("GATEHOUSE_JWT_AUDIENCE", StackConfig.API_AUDIENCE);
        environment.put("GATEHOUSE_CASSANDRA_CONTACT_POINTS", cassandra.contactPoints());
        environment.put("GATEHOUSE_CASSANDRA_REPLICATION_FACTOR", Integer.toString(cassandra.replicationFactor()));
        environment.put("GATEHOUSE_CASSANDRA_LOCAL_DATACENTER", cassandra.datacenter());
        environment.put("GATEHOUSE_CORS_ORIGIN", WebSettings.of(stack).url());
        environment.put("GATEHOUSE_KEYCLOAK_URL", keycloak.url());
        environment.put("GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET", keycloak.tenantAdminClientSecret());
        ServerProcess process = startup.run(List.of(script.toString(), "run", settings.serverName()), environment, work, work.resolve("liberty.log"));
        // Readiness includes the app's Cassandra check, so "ready" means requests can be served.
        startup.awaitReady(process, ServerProcess.httpOk(URI.create(settings.url() + "/health/ready")));
        return new LibertyServer(process, settings);
    }

    /**
     * Runs the server from a copy of its configuration and apps taken at start, so a rebuild while the stack
     * runs (which rewrites the WAR in the build folder) cannot swap classes under the running server.
     */
    private static Path snapshot(Startup startup, Path builtUserDir, Path userDir, String serverName) {
        Path source = builtUserDir.resolve("servers").resolve(serverName);
        Path target = userDir.resolve("servers").resolve(serverName);
        try {
            Archives.deleteTree(userDir);
            Archives.copyTree(source, target, relative -> relative.startsWith("workarea") || relative.startsWith("logs")
                    || relative.startsWith(Path.of("apps", "expanded")));
            return userDir;
        } catch (IOException e) {
            throw startup.failure("cannot copy the server from " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Liberty generates its default keystore in the output folder on first start, locked with the password that the
     * build wrote into server.env. A rebuilt server has a new password, and the old keystore then fails to load,
     * which fails every bearer token (the JWT consumer's SSL setup) with 401. Nothing here serves TLS, so the
     * keystore is let go at each start and Liberty makes a new one with the password of the server it runs.
     */
    private static void forgetGeneratedKeystore(Startup startup, Path output) {
        Path keystore = output.resolve("resources/security/key.p12");
        try {
            Files.deleteIfExists(keystore);
        } catch (IOException e) {
            throw startup.failure("cannot remove " + keystore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return settings.url();
    }
}
