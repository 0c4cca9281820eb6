package io.gatehouse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every server of the local stack shares, read once from {@link Settings}: the host, the folders, the versions,
 * the local secrets and the start timeout. Each server's own ports and options are in its {@link ServerSettings}, which
 * reads them through {@link #port} and {@link #secret}. Default ports stay clear of common local services (no 5432,
 * 8080, 9042); a port set to 0 means "any free port", and {@link #anyFreePorts()} makes that every port's default (tests).
 */
public final class StackConfig {
    public static final String REALM = "gatehouse";
    public static final String API_AUDIENCE = "gatehouse-api";
    public static final String WEB_CLIENT = "gatehouse-web";
    private static final String ANY_FREE_PORTS = "gatehouse.ports.any-free";

    private final Settings settings;
    private final String host;
    private final Path projectDir;
    private final Path cacheDir;
    private final Path workDir;
    private final LocalSecrets secrets;
    private final Properties versions;
    private final Duration startTimeout;
    private final Topology topology;
    /** A free port is picked once per setting, so every reader of the configuration sees the same one. */
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();

    private StackConfig(Settings settings) {
        this.settings = settings;
        this.host = settings.get("gatehouse.host", "127.0.0.1");
        this.projectDir = settings.find("gatehouse.project.dir").map(Path::of).orElseGet(StackConfig::findProjectDir).toAbsolutePath().normalize();
        this.cacheDir = path("gatehouse.cache.dir", projectDir.resolve(".cache"));
        this.workDir = path("gatehouse.work.dir", projectDir.resolve(".work"));
        this.secrets = new LocalSecrets(workDir.resolve("secrets"));
        this.versions = loadVersions();
        this.startTimeout = Duration.ofSeconds(settings.getInt("gatehouse.start-timeout-seconds", 240));
        this.topology = Topology.of(settings);
    }

    public static StackConfig load() {
        return new StackConfig(Settings.fromSystem());
    }

    public static StackConfig load(Settings settings) {
        return new StackConfig(settings);
    }

    /** The setting that gives every server any free port unless a port is set: for tests that run beside a developer's stack. */
    public static Map<String, String> anyFreePorts() {
        return Map.of(ANY_FREE_PORTS, "true");
    }

    public Settings settings() {
        return settings;
    }

    public String host() {
        return host;
    }

    public Path projectDir() {
        return projectDir;
    }

    /** Unpacked distributions (Keycloak, PostgreSQL binaries); never committed. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Server data and logs of this stack. */
    public Path workDir() {
        return workDir;
    }

    public LocalSecrets secrets() {
        return secrets;
    }

    public String version(String server) {
        return settings.get("gatehouse." + server + ".version", versions.getProperty(server));
    }

    public Path localMavenRepository() {
        return settings.find("maven.repo.local").map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    public String mavenRepositoryUrl() {
        return settings.get("gatehouse.maven.repository", "https://repo.maven.apache.org/maven2/");
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    public Topology topology() {
        return topology;
    }

    /** The port a setting names; 0, or no setting when {@link #anyFreePorts()} is on, picks a free one. */
    public int port(String key, int defaultPort) {
        return ports.computeIfAbsent(key, unset -> {
            int port = settings.getInt(key, settings.getBoolean(ANY_FREE_PORTS, false) ? 0 : defaultPort);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(key + " (" + Settings.environmentName(key) + ") must be a port from 0 to 65535, got " + port);
            }
            return port == 0 ? Ports.free() : port;
        });
    }

    /** A credential: the setting when given (a deployment's own), else generated once and kept with the local secrets. */
    public String secret(String key, String localName) {
        return settings.find(key).orElseGet(() -> secrets.get(localName));
    }

    /** A folder or file a setting names, absolute. */
    public Path path(String key, Path defaultValue) {
        return settings.find(key).map(Path::of).orElse(defaultValue).toAbsolutePath().normalize();
    }

    /** http://host:port on this stack's host. */
    public String url(int port) {
        return "http://" + host + ":" + port;
    }

    /** The folder holding the Maven wrapper's .mvn, searched upward from the working directory. */
    private static Path findProjectDir() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return start;
    }

    private static Properties loadVersions() {
        Properties properties = new Properties();
        try (InputStream in = StackConfig.class.getResourceAsStream("/gatehouse-stack-versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("gatehouse-stack-versions.properties is missing from the stack jar");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
