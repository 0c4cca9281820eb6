package io.gatehouse.deploy;

import io.gatehouse.deploy.api.ApiService;
import io.gatehouse.deploy.cassandra.CassandraNodes;
import io.gatehouse.deploy.cleanup.CleanupJob;
import io.gatehouse.deploy.edge.Edge;
import io.gatehouse.deploy.edge.GlobalEntry;
import io.gatehouse.deploy.images.Images;
import io.gatehouse.deploy.keycloak.KeycloakService;
import io.gatehouse.deploy.monitoring.Monitoring;
import io.gatehouse.deploy.network.Network;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecs.CloudMapNamespaceOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/** All of Gatehouse in one region: each part a construct of its own, wired here. */
public final class GatehouseStack extends Stack {
    public GatehouseStack(Construct scope, String id, StackProps props, DeploySettings settings, Builds builds) {
        super(scope, id, props);
        // One customer-managed key, rotated yearly, for every store: database, volumes, buckets, logs, queues, images.
        Key key = Key.Builder.create(this, "DataKey")
                .description("Gatehouse data at rest")
                .enableKeyRotation(true)
                .alias("alias/gatehouse-data")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // CloudWatch Logs encrypts the log groups with it, for this account's log groups only.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("logs." + getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + getPartition() + ":logs:" + getRegion() + ":" + getAccount() + ":log-group:/gatehouse/*")))
                .build());
        // Alarms publish to an encrypted topic.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());

        Network network = new Network(this, "Network", settings);
        Images images = new Images(this, "Images", key, settings.imageTag());
        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(network.vpc())
                .enableFargateCapacityProviders(true)
                .containerInsightsV2(ContainerInsights.ENHANCED)
                // Private DNS inside the VPC: the API reaches Keycloak's admin API by name, never through the load balancer.
                .defaultCloudMapNamespace(CloudMapNamespaceOptions.builder().name("gatehouse.internal").vpc(network.vpc()).build())
                .build();
        CassandraNodes cassandra = new CassandraNodes(this, "Cassandra", network, key, settings, builds.backupTool());
        Edge edge = new Edge(this, "Edge", network, settings, builds.site());
        KeycloakService keycloak = new KeycloakService(this, "Keycloak", cluster, network, key, images, edge, settings);
        ApiService api = new ApiService(this, "Api", cluster, network, key, images, edge, cassandra, keycloak, settings);
        CleanupJob cleanup = new CleanupJob(this, "Cleanup", cluster, network, key, images, cassandra, keycloak, settings);
        new Monitoring(this, "Monitoring", key, edge, api, keycloak, cleanup, cassandra, settings);
        if (settings.globalAccelerator().role() != DeploySettings.GlobalAccelerator.Role.OFF) {
            new GlobalEntry(this, "GlobalEntry", edge.loadBalancer(), settings.globalAccelerator());
        }

        CfnOutput.Builder.create(this, "WebUrl").value(settings.webUrl()).description("the front-end (CNAME to WebDistribution)").build();
        CfnOutput.Builder.create(this, "WebDistribution").value(edge.web().getDistributionDomainName()).build();
        CfnOutput.Builder.create(this, "LoadBalancer").value(edge.loadBalancer().getLoadBalancerDnsName())
                .description("CNAME target of " + settings.apiDomain() + " and " + settings.authDomain()).build();
        CfnOutput.Builder.create(this, "ArchiveBucket").value(cleanup.archive().getBucketName()).build();
        CfnOutput.Builder.create(this, "CassandraBackupBucket").value(cassandra.backups().bucket().getBucketName()).build();
    }
}
