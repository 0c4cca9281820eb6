package io.gatehouse.backup;

import io.gatehouse.backup.bucket.BackupStore;
import io.gatehouse.backup.node.CassandraJmx;
import picocli.CommandLine.Option;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.List;

/**
 * Which node and which bucket: every setting in one place, each an option with an environment variable as its
 * default. S3 credentials are never options: they come from the AWS default chain (the node's instance role in AWS).
 */
final class NodeOptions {
    @Option(names = "--jmx", defaultValue = "${env:GATEHOUSE_BACKUP_JMX:-127.0.0.1:7199}", paramLabel = "HOST:PORT",
            description = "the node's JMX, which Cassandra opens on this host only (GATEHOUSE_BACKUP_JMX; default ${DEFAULT-VALUE})")
    String jmx;

    @Option(names = "--keyspace", split = ",", defaultValue = "${env:GATEHOUSE_BACKUP_KEYSPACES:-gatehouse}",
            description = "keyspaces to back up (GATEHOUSE_BACKUP_KEYSPACES; default ${DEFAULT-VALUE})")
    List<String> keyspaces;

    @Option(names = "--bucket", defaultValue = "${env:GATEHOUSE_BACKUP_BUCKET}", description = "backup bucket (GATEHOUSE_BACKUP_BUCKET)")
    String bucket;

    @Option(names = "--prefix", defaultValue = "${env:GATEHOUSE_BACKUP_PREFIX:-cassandra}", description = "key prefix in the bucket (GATEHOUSE_BACKUP_PREFIX; default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--s3-endpoint", defaultValue = "${env:GATEHOUSE_S3_ENDPOINT}", description = "S3 endpoint override, e.g. the local S3 server (GATEHOUSE_S3_ENDPOINT; default: AWS)")
    String s3Endpoint;

    @Option(names = "--region", defaultValue = "${env:AWS_REGION:-us-east-1}", description = "AWS region (AWS_REGION; default ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--part-size-mib", defaultValue = "128", description = "files larger than this go to S3 in parts of this size (5 to 5120; default ${DEFAULT-VALUE})")
    int partSizeMiB;

    CassandraJmx node() {
        if (!jmx.matches("[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}")) {
            throw new Usage("--jmx must be host:port, not " + jmx);
        }
        for (String keyspace : keyspaces) {
            if (!keyspace.matches("[A-Za-z0-9_]{1,48}")) {
                throw new Usage("--keyspace " + keyspace + " is not a keyspace name");
            }
        }
        return CassandraJmx.connect(jmx);
    }

    BackupStore store() {
        if (bucket == null || bucket.isBlank()) {
            throw new Usage("name the backup bucket: --bucket or GATEHOUSE_BACKUP_BUCKET");
        }
        if (partSizeMiB < 5 || partSizeMiB > 5120) {
            throw new Usage("--part-size-mib must be between 5 and 5120 (S3's part sizes), not " + partSizeMiB);
        }
        var builder = S3Client.builder().region(Region.of(region)).httpClient(UrlConnectionHttpClient.create());
        if (s3Endpoint != null && !s3Endpoint.isBlank()) {
            builder.endpointOverride(URI.create(s3Endpoint)).forcePathStyle(true);
        }
        BackupStore store = new BackupStore(builder.build(), bucket, prefix, partSizeMiB * 1024L * 1024L);
        store.checkBucket();
        return store;
    }
}
