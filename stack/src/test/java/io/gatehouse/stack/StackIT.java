package io.gatehouse.stack;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.ldap.LdapServer;
import io.gatehouse.stack.ldap.LdapSettings;
import io.gatehouse.stack.postgres.Database;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.s3.S3Settings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithStack({Component.KEYCLOAK, Component.CASSANDRA, Component.S3})
class StackIT {

    @Test
    void keycloakKeepsItsSchemaInTheEmbeddedPostgres(Stack stack) throws Exception {
        Database db = stack.server(KeycloakServer.class).database();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('realm', 'event_entity', 'admin_event_entity')")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void postgresRejectsAWrongPassword(Stack stack) {
        Database db = stack.server(KeycloakServer.class).database();
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.username(), "wrong").close())
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void noPasswordFileOutlivesTheDatabasesCreationAndTheSecretsAreOwnerOnly(Stack stack) throws Exception {
        Path home = stack.config().workDir().resolve("postgres");
        assertThat(home.resolve("data/PG_VERSION")).as("the database was created in this work folder").exists();
        assertThat(home.resolve("initdb-password")).doesNotExist();
        try (var files = Files.list(stack.config().secrets().file("x").getParent())) {
            for (Path secret : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void keycloakServesItsOpenIdConfigurationOnTheConfiguredUrl(Stack stack) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.server(KeycloakServer.class).settings().url() + "/realms/master/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).path("issuer").asText())
                .isEqualTo(stack.server(KeycloakServer.class).settings().url() + "/realms/master");
    }

    @Test
    void cassandraAnswersCqlWithThePinnedVersion(Stack stack) {
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(stack.server(CassandraServer.class).settings().address())
                .withLocalDatacenter(CassandraSettings.of(stack.config()).datacenter()).build()) {
            String version = session.execute("SELECT release_version FROM system.local").one().getString(0);
            assertThat(version).isEqualTo(stack.config().version("cassandra"));
        }
    }

    @Test
    void theDirectoryServesItsPeopleToKeycloaksBindAccountOnly(Stack stack) throws Exception {
        URI ldap = URI.create(stack.server(LdapServer.class).settings().url());
        try (LDAPConnection keycloak = bindAsKeycloak(stack)) {
            assertThat(keycloak.search("ou=people," + LdapServer.BASE_DN, SearchScope.ONE, "(objectClass=inetOrgPerson)", "uid")
                    .getSearchEntries()).extracting(entry -> entry.getAttributeValue("uid")).containsExactlyInAnyOrder("grace", "gus");
        }
        try (LDAPConnection anonymous = new LDAPConnection(ldap.getHost(), ldap.getPort())) {
            assertThatThrownBy(() -> anonymous.search(LdapServer.BASE_DN, SearchScope.SUB, "(uid=grace)"))
                    .isInstanceOf(LDAPSearchException.class).hasMessageContaining("authenticat");
        }
        assertThatThrownBy(() -> new LDAPConnection(ldap.getHost(), ldap.getPort(), LdapServer.BIND_DN, "not-the-password").close())
                .isInstanceOf(LDAPException.class).satisfies(e -> assertThat(((LDAPException) e).getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
    }

    /** Like a real directory: entries and their entryUUIDs (Keycloak's link to its users) outlive a restart and a SIGKILL. */
    @Test
    void theDirectoryKeepsItsEntriesAndTheirUuidsAcrossARestartAndACrash(Stack stack) throws Exception {
        String probe = "cn=restart-probe,ou=services," + LdapServer.BASE_DN;
        String grace = "uid=grace,ou=people," + LdapServer.BASE_DN;
        Map<String, String> before;
        try (LDAPConnection directory = bindAsKeycloak(stack)) {
            directory.add(new Entry(probe, new Attribute("objectClass", "applicationProcess"), new Attribute("cn", "restart-probe")));
            before = uuids(directory, probe, grace);
        }
        try {
            stack.restart(Component.LDAP);
            try (LDAPConnection directory = bindAsKeycloak(stack)) {
                assertThat(uuids(directory, probe, grace)).as("after a restart").isEqualTo(before);
            }
            stack.running().stream().filter(server -> server.component() == Component.LDAP)
                    .forEach(server -> {
                        server.process().handle().destroyForcibly();
                        server.process().handle().onExit().join();
                    });
            stack.start(EnumSet.of(Component.LDAP));
            try (LDAPConnection directory = bindAsKeycloak(stack)) {
                assertThat(uuids(directory, probe, grace)).as("after SIGKILL").isEqualTo(before);
            }
        } finally {
            try (LDAPConnection directory = bindAsKeycloak(stack)) {
                directory.delete(probe);
            }
        }
        stack.restart(Component.LDAP);
        try (LDAPConnection directory = bindAsKeycloak(stack)) {
            assertThat(directory.getEntry(probe)).as("a deleted entry stays deleted").isNull();
            assertThat(uuids(directory, grace)).isEqualTo(Map.of(grace, before.get(grace)));
        }
    }

    private static LDAPConnection bindAsKeycloak(Stack stack) throws LDAPException {
        URI ldap = URI.create(stack.server(LdapServer.class).settings().url());
        return new LDAPConnection(ldap.getHost(), ldap.getPort(), LdapServer.BIND_DN, LdapSettings.of(stack.config()).bindPassword());
    }

    private static Map<String, String> uuids(LDAPConnection directory, String... dns) throws LDAPException {
        Map<String, String> uuids = new TreeMap<>();
        for (String dn : dns) {
            uuids.put(dn, directory.getEntry(dn, "entryUUID").getAttributeValue("entryUUID"));
        }
        return uuids;
    }

    @Test
    void s3StoresAnObjectInTheArchiveBucketForSignedRequestsOnly(Stack stack) {
        StackConfig config = stack.config();
        try (S3Client s3 = s3(stack, S3Settings.of(config).secretKey())) {
            s3.putObject(b -> b.bucket(S3Settings.of(config).bucket()).key("it/hello.txt"), RequestBody.fromString("hello"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(S3Settings.of(config).bucket()).key("it/hello.txt")).asUtf8String()).isEqualTo("hello");
        }
        try (S3Client wrongKey = s3(stack, "not-the-secret")) {
            assertThatThrownBy(() -> wrongKey.listObjectsV2(b -> b.bucket(S3Settings.of(config).bucket())))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    private static S3Client s3(Stack stack, String secret) {
        return S3Client.builder()
                .endpointOverride(URI.create(stack.server(S3Server.class).settings().url()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Settings.of(stack.config()).accessKey(), secret)))
                .build();
    }
}
