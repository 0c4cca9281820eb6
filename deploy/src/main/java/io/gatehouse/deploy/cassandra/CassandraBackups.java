package io.gatehouse.deploy.cassandra;

import io.gatehouse.deploy.DataBuckets;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Backups of the Cassandra nodes (cassandra-backup/): the tool, which every node fetches from the bucket, a daily systemd
 * timer on each running {@code backup --keep} beside Cassandra, and the bucket. Each node may list, read, write and
 * delete under {@value #PREFIX}/ only (a node whose role is misused can spoil backups, so the bucket keeps every
 * overwritten or deleted version for {@value #OLD_VERSION_DAYS} days), and publish one metric, which an alarm expects
 * daily from every node.
 */
public final class CassandraBackups extends Construct {
    public static final String PREFIX = "cassandra";
    public static final String NAMESPACE = "Gatehouse/CassandraBackup";
    public static final String METRIC = "BackupsCompleted";
    /** Daily backups kept per node: two weeks, as Aurora's point-in-time window. */
    public static final int KEEP = 14;
    static final int OLD_VERSION_DAYS = 30;
    /** Where the tool (jar and libraries) lies in the bucket. */
    static final String TOOL_PREFIX = "tools/cassandra-backup";
    private final Bucket bucket;
    private final IKey key;

    public CassandraBackups(Construct scope, String id, IKey key, Path toolDirectory) {
        super(scope, id);
        this.key = key;
        if (!Files.isRegularFile(toolDirectory.resolve("gatehouse-cassandra-backup.jar"))) {
            throw new IllegalStateException("the backup tool is not built: " + toolDirectory
                    + " has no gatehouse-cassandra-backup.jar (./mvnw -q package -pl cassandra-backup -DskipTests)");
        }
        bucket = DataBuckets.builder(this, "Bucket", key)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("old-versions")
                        .noncurrentVersionExpiration(Duration.days(OLD_VERSION_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(2))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // The tool goes into the bucket rather than into the nodes' user data: a node fetches it before every run, so a
        // new release reaches running nodes, and the user data (whose change stops and starts an EC2 instance) stays as it is.
        BucketDeployment.Builder.create(this, "Tool")
                .destinationBucket(bucket)
                .destinationKeyPrefix(TOOL_PREFIX + "/")
                .sources(List.of(Source.asset(toolDirectory.toString())))
                .prune(true)
                .build();
    }

    /** What a node may do: read the tool, its backups' objects and the key for them, and count its backups. */
    void grant(IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket")).resources(List.of(bucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(PREFIX + "/*", TOOL_PREFIX + "/*")))).build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject")).resources(List.of(bucket.arnForObjects(TOOL_PREFIX + "/*"))).build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
                .resources(List.of(bucket.arnForObjects(PREFIX + "/*"))).build());
        key.grant(role, "kms:Decrypt", "kms:GenerateDataKey");
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricData")).resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", NAMESPACE))).build());
    }

    /** The node's part of the user data: install the tool and its timer (cassandra-backup.sh). */
    String script(String template, String node) {
        return template.replace("@TOOL_PREFIX@", TOOL_PREFIX)
                .replace("@BUCKET@", bucket.getBucketName())
                .replace("@REGION@", Stack.of(this).getRegion())
                .replace("@PREFIX@", PREFIX)
                .replace("@KEEP@", Integer.toString(KEEP))
                .replace("@NAMESPACE@", NAMESPACE)
                .replace("@METRIC@", METRIC)
                .replace("@NODE@", node);
    }

    public Bucket bucket() {
        return bucket;
    }
}
