package io.gatehouse.deploy.cleanup;

import io.gatehouse.deploy.DataBuckets;
import io.gatehouse.deploy.DeploySettings;
import io.gatehouse.deploy.Logs;
import io.gatehouse.deploy.Platforms;
import io.gatehouse.deploy.cassandra.CassandraNodes;
import io.gatehouse.deploy.images.Images;
import io.gatehouse.deploy.keycloak.KeycloakService;
import io.gatehouse.deploy.network.Network;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.NoncurrentVersionTransition;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The cleanup jar (cleanup/) as a scheduled Fargate Spot task: EventBridge Scheduler runs {@code archive} with a
 * retry policy and a dead-letter queue; archives land in a KMS-encrypted, versioned, private, TLS-only bucket whose
 * lifecycle moves them to colder classes. The task role may do exactly what the jar does: list the bucket; get,
 * put, delete and restore its objects; use the key for them; read its own database secret.
 */
public final class CleanupJob extends Construct {
    public static final String CONTAINER = "cleanup";
    private final Bucket archive;
    private final Queue deadLetters;

    public CleanupJob(Construct scope, String id, Cluster cluster, Network network, IKey key, Images images,
                      CassandraNodes cassandra, KeycloakService keycloak, DeploySettings settings) {
        super(scope, id);
        archive = DataBuckets.builder(this, "Archive", key)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("colder-with-age")
                        // Parts are written as GLACIER_IR (restorable in milliseconds); after half a year they go deep.
                        .transitions(List.of(Transition.builder().storageClass(StorageClass.DEEP_ARCHIVE).transitionAfter(Duration.days(180)).build()))
                        .noncurrentVersionTransitions(List.of(NoncurrentVersionTransition.builder()
                                .storageClass(StorageClass.DEEP_ARCHIVE).transitionAfter(Duration.days(30)).build()))
                        .noncurrentVersionExpiration(Duration.days(365))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // The job's own database user (grants in README, "For operators"): reads and deletes Keycloak's event tables only.
        DatabaseSecret databaseUser = DatabaseSecret.Builder.create(this, "DatabaseUser")
                .username("gatehouse_cleanup").encryptionKey(key).build();

        Logs logs = Logs.of(this, "cleanup", key);
        Role taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("gatehouse-cleanup: archive bucket, its key, its database secret")
                .build();
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket")).resources(List.of(archive.getBucketArn())).build());
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:RestoreObject"))
                .resources(List.of(archive.arnForObjects("*"))).build());
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey")).resources(List.of(key.getKeyArn())).build());
        taskRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue")).resources(List.of(databaseUser.getSecretArn())).build());

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(1024).memoryLimitMiB(2048).taskRole(taskRole)
                // x86-64 whatever the architecture setting: Fargate Spot runs no ARM64 tasks.
                .runtimePlatform(Platforms.of(DeploySettings.Architecture.X86_64))
                .ephemeralStorageGiB(30)
                .build();
        task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
                .image(images.cleanup())
                .command(List.of("archive"))
                .environment(Map.of(
                        "GATEHOUSE_S3_BUCKET", archive.getBucketName(),
                        "AWS_REGION", Stack.of(this).getRegion(),
                        "GATEHOUSE_ARCHIVE_STORAGE_CLASS", "GLACIER_IR",
                        "GATEHOUSE_CASSANDRA_CONTACT_POINTS", cassandra.contactPoints(),
                        "GATEHOUSE_CASSANDRA_LOCAL_DATACENTER", CassandraNodes.DATACENTER,
                        "GATEHOUSE_POSTGRES_URL", "jdbc:postgresql://" + keycloak.database().getClusterEndpoint().getHostname()
                                + ":5432/" + KeycloakService.DATABASE_NAME + "?sslmode=require",
                        "GATEHOUSE_POSTGRES_SECRET_ID", databaseUser.getSecretArn(),
                        "GATEHOUSE_CLEANUP_SCRATCH_DIR", "/tmp"))
                .logging(logs.driver())
                .build());

        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.KMS).encryptionMasterKey(key)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Role schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .description("runs the cleanup task on schedule")
                .build();
        schedulerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:RunTask")).resources(List.of(task.getTaskDefinitionArn()))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", cluster.getClusterArn()))).build());
        schedulerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole")).resources(List.of(taskRole.getRoleArn(), task.obtainExecutionRole().getRoleArn())).build());
        deadLetters.grantSendMessages(schedulerRole);

        SubnetSelection subnets = network.services();
        CfnSchedule.Builder.create(this, "Schedule")
                .description("gatehouse-cleanup archive")
                .scheduleExpression(settings.cleanupSchedule())
                .scheduleExpressionTimezone("UTC")
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("FLEXIBLE").maximumWindowInMinutes(15).build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(cluster.getClusterArn())
                        .roleArn(schedulerRole.getRoleArn())
                        .ecsParameters(CfnSchedule.EcsParametersProperty.builder()
                                .taskDefinitionArn(task.getTaskDefinitionArn())
                                .taskCount(1)
                                // Spot is safe here: an interrupted run loses nothing and the next one finishes it.
                                .capacityProviderStrategy(List.of(CfnSchedule.CapacityProviderStrategyItemProperty.builder()
                                        .capacityProvider("FARGATE_SPOT").weight(1).build()))
                                .networkConfiguration(CfnSchedule.NetworkConfigurationProperty.builder()
                                        .awsvpcConfiguration(CfnSchedule.AwsVpcConfigurationProperty.builder()
                                                .subnets(network.vpc().selectSubnets(subnets).getSubnetIds())
                                                .securityGroups(List.of(network.cleanup().getSecurityGroupId()))
                                                .assignPublicIp("DISABLED").build())
                                        .build())
                                .build())
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
                        .deadLetterConfig(CfnSchedule.DeadLetterConfigProperty.builder().arn(deadLetters.getQueueArn()).build())
                        .build())
                .state("ENABLED")
                .build();
    }

    public Bucket archive() {
        return archive;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
