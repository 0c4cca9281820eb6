package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.cleanup.archive.ArchiveStore;
import io.gatehouse.records.schema.ContactPoints;
import io.gatehouse.records.schema.TenantRetention;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Where the job's servers are and how it signs in: every setting in one place, each an option with an environment
 * variable as its default (the same names the API and the stack use). Credentials are never options: the S3 keys
 * come from the AWS default chain (the ECS task role in AWS), the PostgreSQL password from AWS Secrets Manager, a
 * file or the environment.
 */
public final class Connections {
    private static final Set<StorageClass> ARCHIVE_CLASSES = Set.of(StorageClass.GLACIER_IR, StorageClass.GLACIER,
            StorageClass.DEEP_ARCHIVE, StorageClass.STANDARD_IA, StorageClass.STANDARD);

    @Option(names = "--bucket", defaultValue = "${env:GATEHOUSE_S3_BUCKET:-gatehouse-archive}", description = "archive bucket (GATEHOUSE_S3_BUCKET; default ${DEFAULT-VALUE})")
    String bucket;

    @Option(names = "--s3-endpoint", defaultValue = "${env:GATEHOUSE_S3_ENDPOINT}", description = "S3 endpoint override, e.g. the local S3 server (GATEHOUSE_S3_ENDPOINT; default: AWS)")
    String s3Endpoint;

    @Option(names = "--region", defaultValue = "${env:AWS_REGION:-us-east-1}", description = "AWS region (AWS_REGION; default ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--storage-class", defaultValue = "${env:GATEHOUSE_ARCHIVE_STORAGE_CLASS:-GLACIER_IR}",
            description = "storage class of archived rows: GLACIER_IR, GLACIER, DEEP_ARCHIVE (GATEHOUSE_ARCHIVE_STORAGE_CLASS; default ${DEFAULT-VALUE})")
    String storageClass;

    @Option(names = "--cassandra", defaultValue = "${env:GATEHOUSE_CASSANDRA_CONTACT_POINTS:-127.0.0.1:19042}", description = "Cassandra contact points host:port[,host:port] (GATEHOUSE_CASSANDRA_CONTACT_POINTS; default ${DEFAULT-VALUE})")
    String cassandra;

    @Option(names = "--cassandra-datacenter", defaultValue = "${env:GATEHOUSE_CASSANDRA_LOCAL_DATACENTER:-datacenter1}", description = "Cassandra local datacenter (GATEHOUSE_CASSANDRA_LOCAL_DATACENTER; default ${DEFAULT-VALUE})")
    String cassandraDatacenter;

    @Option(names = "--postgres-url", defaultValue = "${env:GATEHOUSE_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:15432/keycloak}", description = "Keycloak's database (GATEHOUSE_POSTGRES_URL; default ${DEFAULT-VALUE})")
    String postgresUrl;

    @Option(names = "--postgres-user", defaultValue = "${env:GATEHOUSE_POSTGRES_USER:-keycloak}", description = "database user (GATEHOUSE_POSTGRES_USER; default ${DEFAULT-VALUE})")
    String postgresUser;

    @Option(names = "--postgres-password-file", defaultValue = "${env:GATEHOUSE_POSTGRES_PASSWORD_FILE}", description = "file holding the database password (GATEHOUSE_POSTGRES_PASSWORD_FILE); else GATEHOUSE_POSTGRES_PASSWORD")
    Path postgresPasswordFile;

    @Option(names = "--postgres-secret-id", defaultValue = "${env:GATEHOUSE_POSTGRES_SECRET_ID}", description = "AWS Secrets Manager secret with the database's username and password (GATEHOUSE_POSTGRES_SECRET_ID)")
    String postgresSecretId;

    @Option(names = "--default-retention-days", defaultValue = "${env:GATEHOUSE_RETENTION_DEFAULT_DAYS:-" + TenantRetention.DEFAULT_DAYS + "}", description = "retention of tenants that set none, as the API's (GATEHOUSE_RETENTION_DEFAULT_DAYS; default ${DEFAULT-VALUE})")
    int defaultRetentionDays;

    @Option(names = "--lease-seconds", defaultValue = "${env:GATEHOUSE_CLEANUP_LEASE_SECONDS:-120}", description = "how long a crashed run's Cassandra lease keeps others out; renewed while running (GATEHOUSE_CLEANUP_LEASE_SECONDS; default ${DEFAULT-VALUE})")
    int leaseSeconds;

    @Option(names = "--scratch-dir", defaultValue = "${env:GATEHOUSE_CLEANUP_SCRATCH_DIR:-${sys:java.io.tmpdir}}", description = "where parts are assembled before upload (GATEHOUSE_CLEANUP_SCRATCH_DIR; default ${DEFAULT-VALUE})")
    Path scratch;

    /** The database credentials, resolved once (Secrets Manager is asked once per run). */
    private Properties credentials;

    StorageClass storageClass() {
        StorageClass parsed = StorageClass.fromValue(storageClass.trim().toUpperCase());
        if (!ARCHIVE_CLASSES.contains(parsed)) {
            throw new Usage("--storage-class must be one of GLACIER_IR, GLACIER, DEEP_ARCHIVE, STANDARD_IA, STANDARD; got " + storageClass);
        }
        return parsed;
    }

    ArchiveStore archiveStore() {
        var builder = S3Client.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create());
        if (s3Endpoint != null && !s3Endpoint.isBlank()) {
            builder.endpointOverride(URI.create(s3Endpoint)).forcePathStyle(true);
        }
        ArchiveStore store = new ArchiveStore(builder.build(), bucket, storageClass());
        store.checkBucket();
        return store;
    }

    CqlSession cassandra() {
        List<InetSocketAddress> points;
        try {
            points = ContactPoints.parse("--cassandra", cassandra);
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
        try {
            return CqlSession.builder().addContactPoints(points).withLocalDatacenter(cassandraDatacenter).build();
        } catch (AllNodesFailedException e) {
            throw new IllegalStateException("cannot reach Cassandra at " + cassandra);
        }
    }

    /** Opens a connection to Keycloak's database, resolving the credentials once. */
    Connection postgres() throws SQLException {
        Properties properties = postgresCredentials();
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "gatehouse-cleanup");
        return DriverManager.getConnection(postgresUrl, properties);
    }

    private synchronized Properties postgresCredentials() {
        if (credentials == null) {
            Properties properties = new Properties();
            properties.setProperty("user", postgresUser);
            if (postgresSecretId != null && !postgresSecretId.isBlank()) {
                JsonNode secret = secretsManagerSecret(postgresSecretId);
                properties.setProperty("user", secret.path("username").asText(postgresUser));
                properties.setProperty("password", secret.path("password").asText());
            } else if (postgresPasswordFile != null) {
                try {
                    properties.setProperty("password", Files.readString(postgresPasswordFile).strip());
                } catch (IOException e) {
                    throw new Usage("cannot read --postgres-password-file " + postgresPasswordFile + ": " + e.getMessage());
                }
            } else if (System.getenv("GATEHOUSE_POSTGRES_PASSWORD") != null) {
                properties.setProperty("password", System.getenv("GATEHOUSE_POSTGRES_PASSWORD"));
            }
            credentials = properties;
        }
        Properties copy = new Properties();
        copy.putAll(credentials);
        return copy;
    }

    private JsonNode secretsManagerSecret(String id) {
        try (SecretsManagerClient client = SecretsManagerClient.builder().region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            return new ObjectMapper().readTree(client.getSecretValue(request -> request.secretId(id)).secretString());
        } catch (IOException e) {
            throw new IllegalStateException("secret " + id + " is not JSON with username and password");
        }
    }
}
