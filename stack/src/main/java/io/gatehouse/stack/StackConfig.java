package io.gatehouse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Every port, path, version and credential of the local stack, read once from {@link Settings}. Defaults stay
 * clear of common local services (no 5432, 8080, 9042); a port set to 0 means "any free port" (tests).
 */
public final class StackConfig {
    public static final String REALM = "gatehouse";
    public static final String API_AUDIENCE = "gatehouse-api";
    public static final String WEB_CLIENT = "gatehouse-web";

    /** Every port setting with its default. */
    private static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();

    private final Settings settings;
    private final String host;
    private final Path projectDir;
    private final Path cacheDir;
    private final Path workDir;
    private final LocalSecrets secrets;
    private final Properties versions;
    private final int postgresPort;
    private final int keycloakPort;
    private final int keycloakManagementPort;
    private final int cassandraPort;
    private final int cassandraStoragePort;
    private final int cassandraJmxPort;
    private final int s3Port;
    private final int ldapPort;
    private final int smtpPort;
    private final int imapPort;
    private final int libertyPort;
    private final int webPort;
    private final Duration startTimeout;

    private StackConfig(Settings settings) {
        this.settings = settings;
        this.host = settings.get("gatehouse.host", "127.0.0.1");
        this.projectDir = settings.find("gatehouse.project.dir").map(Path::of).orElseGet(StackConfig::findProjectDir).toAbsolutePath().normalize();
        this.cacheDir = path(settings, "gatehouse.cache.dir", projectDir.resolve(".cache"));
        this.workDir = path(settings, "gatehouse.work.dir", projectDir.resolve(".work"));
        this.secrets = new LocalSecrets(workDir.resolve("secrets"));
        this.versions = loadVersions();
        this.postgresPort = port(settings, "gatehouse.postgres.port");
        this.keycloakPort = port(settings, "gatehouse.keycloak.port");
        this.keycloakManagementPort = port(settings, "gatehouse.keycloak.management-port");
        this.cassandraPort = port(settings, "gatehouse.cassandra.port");
        this.cassandraStoragePort = port(settings, "gatehouse.cassandra.storage-port");
        this.cassandraJmxPort = port(settings, "gatehouse.cassandra.jmx-port");
        this.s3Port = port(settings, "gatehouse.s3.port");
        this.ldapPort = port(settings, "gatehouse.ldap.port");
        this.smtpPort = port(settings, "gatehouse.mail.smtp-port");
        this.imapPort = port(settings, "gatehouse.mail.imap-port");
        this.libertyPort = port(settings, "gatehouse.liberty.port");
        this.webPort = port(settings, "gatehouse.web.port");
        this.startTimeout = Duration.ofSeconds(settings.getInt("gatehouse.start-timeout-seconds", 240));
    }

    public static StackConfig load() {
        return new StackConfig(Settings.fromSystem());
    }

    public static StackConfig load(Settings settings) {
        return new StackConfig(settings);
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

    /** PostgreSQL that Keycloak uses instead of the embedded one, when set (a JDBC URL). */
    public Optional<String> externalPostgresUrl() {
        return settings.find("gatehouse.postgres.url");
    }

    public int postgresPort() {
        return postgresPort;
    }

    public int keycloakPort() {
        return keycloakPort;
    }

    public int keycloakManagementPort() {
        return keycloakManagementPort;
    }

    public String keycloakUrl() {
        return "http://" + host + ":" + keycloakPort;
    }

    public String issuer() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    /** Where the realm publishes its signing keys (what the API's mpJwt fetches). */
    public String jwksUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String keycloakAdminUser() {
        return settings.get("gatehouse.keycloak.admin-user", "admin");
    }

    public String keycloakAdminPassword() {
        return settings.find("gatehouse.keycloak.admin-password").orElseGet(() -> secrets.get("keycloak-admin-password"));
    }

    /** The secret of the realm's service-account client on this stack (generated, kept with the other local secrets). */
    public String serviceClientSecret() {
        return settings.find("gatehouse.service.client-secret").orElseGet(() -> secrets.get("service-client-secret"));
    }

    /** The secret the demo company's identity provider (realm initech-idp) shares with gatehouse, its broker. */
    public String brokerClientSecret() {
        return settings.find("gatehouse.broker.client-secret").orElseGet(() -> secrets.get("broker-client-secret"));
    }

    /** The secret of the client whose service account the API uses for tenant self-service (Keycloak's admin API). */
    public String tenantAdminClientSecret() {
        return settings.find("gatehouse.tenant-admin.client-secret").orElseGet(() -> secrets.get("tenant-admin-client-secret"));
    }

    /** Values of the realm files' {@code ${NAME}} placeholders on this stack. */
    public Map<String, String> realmPlaceholders() {
        return Map.of("GATEHOUSE_WEB_URL", webUrl(), "GATEHOUSE_KEYCLOAK_URL", keycloakUrl(),
                "GATEHOUSE_SERVICE_CLIENT_SECRET", serviceClientSecret(), "GATEHOUSE_BROKER_CLIENT_SECRET", brokerClientSecret(),
                "GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET", tenantAdminClientSecret(),
                "GATEHOUSE_LDAP_URL", ldapUrl(), "GATEHOUSE_LDAP_BIND_PASSWORD", ldapBindPassword(),
                "GATEHOUSE_SMTP_HOST", host, "GATEHOUSE_SMTP_PORT", Integer.toString(smtpPort));
    }

    public int cassandraPort() {
        return cassandraPort;
    }

    public int cassandraStoragePort() {
        return cassandraStoragePort;
    }

    public int cassandraJmxPort() {
        return cassandraJmxPort;
    }

    public String cassandraDatacenter() {
        return "datacenter1";
    }

    /** Cassandra 5.0 runs only on JDK 17; the stack itself may run on a newer one. */
    public Path java17Home() {
        return settings.find("gatehouse.java17.home").map(Path::of).orElseGet(StackConfig::findJava17);
    }

    public int s3Port() {
        return s3Port;
    }

    public String s3Url() {
        return "http://" + host + ":" + s3Port;
    }

    public String s3Bucket() {
        return settings.get("gatehouse.s3.bucket", "gatehouse-archive");
    }

    public String s3AccessKey() {
        return settings.get("gatehouse.s3.access-key", "gatehouse-local");
    }

    public String s3SecretKey() {
        return settings.find("gatehouse.s3.secret-key").orElseGet(() -> secrets.get("s3-secret-key"));
    }

    public int ldapPort() {
        return ldapPort;
    }

    public String ldapUrl() {
        return "ldap://" + host + ":" + ldapPort;
    }

    /** The password Keycloak binds to the local directory with (read-only use). */
    public String ldapBindPassword() {
        return settings.find("gatehouse.ldap.bind-password").orElseGet(() -> secrets.get("ldap-bind-password"));
    }

    /** Where Keycloak sends mail (the local stack's mail server; nothing leaves the machine). */
    public int smtpPort() {
        return smtpPort;
    }

    /** Where tests and people read the mail the stack's mail server received, as any IMAP client would. */
    public int imapPort() {
        return imapPort;
    }

    public int libertyPort() {
        return libertyPort;
    }

    public String apiUrl() {
        return "http://" + host + ":" + libertyPort + "/api/v1";
    }

    /** The Liberty installation the liberty module builds, holding the server with the app. */
    public Path libertyDir() {
        return path(settings, "gatehouse.liberty.dir", projectDir.resolve("liberty/target/liberty/wlp"));
    }

    public String libertyServerName() {
        return settings.get("gatehouse.liberty.server", "gatehouse");
    }

    public int webPort() {
        return webPort;
    }

    /** The built front-end (what a deploy uploads to S3). */
    public Path webSiteDir() {
        return path(settings, "gatehouse.web.site.dir", projectDir.resolve("web/target/site"));
    }

    public String webUrl() {
        return "http://" + host + ":" + webPort;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    private static Path path(Settings settings, String key, Path defaultValue) {
        return settings.find(key).map(Path::of).orElse(defaultValue).toAbsolutePath().normalize();
    }

    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("gatehouse.postgres.port", 15432);
        ports.put("gatehouse.keycloak.port", 18080);
        ports.put("gatehouse.keycloak.management-port", 19000);
        ports.put("gatehouse.cassandra.port", 19042);
        ports.put("gatehouse.cassandra.storage-port", 17000);
        ports.put("gatehouse.cassandra.jmx-port", 17199);
        ports.put("gatehouse.s3.port", 18333);
        ports.put("gatehouse.ldap.port", 18389);
        ports.put("gatehouse.mail.smtp-port", 18025);
        ports.put("gatehouse.mail.imap-port", 18143);
        ports.put("gatehouse.liberty.port", 19080);
        ports.put("gatehouse.web.port", 18081);
        return Collections.unmodifiableMap(ports);
    }

    /** Settings that give every server any free port: for tests that run beside a developer's stack. */
    public static Map<String, String> anyFreePorts() {
        Map<String, String> ports = new LinkedHashMap<>();
        DEFAULT_PORTS.keySet().forEach(key -> ports.put(key, "0"));
        return ports;
    }

    private static int port(Settings settings, String key) {
        int port = settings.getInt(key, DEFAULT_PORTS.get(key));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " (" + Settings.environmentName(key) + ") must be a port from 0 to 65535, got " + port);
        }
        return port == 0 ? Ports.free() : port;
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

    private static Path findJava17() {
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() == 17) {
            return current;
        }
        try (var candidates = Files.list(Path.of("/usr/lib/jvm"))) {
            return candidates.filter(dir -> dir.getFileName().toString().contains("17"))
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/java")))
                    .sorted().findFirst()
                    .orElseThrow(() -> new StartupException(Component.CASSANDRA,
                            "needs a JDK 17 (Cassandra 5.0 does not start on " + Runtime.version().feature()
                                    + "); set GATEHOUSE_JAVA17_HOME"));
        } catch (IOException e) {
            throw new StartupException(Component.CASSANDRA, "needs a JDK 17; set GATEHOUSE_JAVA17_HOME");
        }
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
