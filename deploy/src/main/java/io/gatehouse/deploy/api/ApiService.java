package io.gatehouse.deploy.api;

import io.gatehouse.deploy.DeploySettings;
import io.gatehouse.deploy.Logs;
import io.gatehouse.deploy.Platforms;
import io.gatehouse.deploy.cassandra.CassandraNodes;
import io.gatehouse.deploy.edge.Edge;
import io.gatehouse.deploy.images.Images;
import io.gatehouse.deploy.keycloak.KeycloakService;
import io.gatehouse.deploy.network.Network;
import io.gatehouse.deploy.telemetry.Collector;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The records API: Liberty with the WAR (image from deploy/containers/api) as a Fargate service behind the load
 * balancer's API name, scaled on CPU and on requests per task. Its settings are the same environment variables
 * the local stack sets (liberty/src/main/liberty/config/server.xml). Its one secret is the tenant self-service client's,
 * for Keycloak's admin API, which it reaches inside the VPC by Keycloak's private DNS name (the load balancer sends no
 * admin path to Keycloak); it says {@code X-Forwarded-Proto: https} there, which Keycloak trusts from the VPC only.
 */
public final class ApiService extends Construct {
    /** Requests per task per minute at which another task is added. */
    public static final int REQUESTS_PER_TASK = 3000;
    private final ApplicationTargetGroup targets;
    private final LogGroup metrics;

    public ApiService(Construct scope, String id, Cluster cluster, Network network, IKey key, Images images, Edge edge,
                      CassandraNodes cassandra, KeycloakService keycloak, DeploySettings settings) {
        super(scope, id);
        DeploySettings.Size size = settings.size();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(size.apiCpu).memoryLimitMiB(size.apiMemoryMiB).runtimePlatform(Platforms.of(settings.architecture())).build();
        Logs logs = Logs.of(this, "api", key);
        ContainerDefinition api = task.addContainer("api", ContainerDefinitionOptions.builder()
                .image(images.api())
                .portMappings(List.of(PortMapping.builder().containerPort(Network.API_PORT).build()))
                .environment(Map.ofEntries(
                        Map.entry("GATEHOUSE_HOST", "0.0.0.0"),
                        Map.entry("GATEHOUSE_LIBERTY_PORT", Integer.toString(Network.API_PORT)),
                        Map.entry("GATEHOUSE_JWT_ISSUER", settings.issuer()),
                        Map.entry("GATEHOUSE_JWT_JWKS_URI", settings.issuer() + "/protocol/openid-connect/certs"),
                        Map.entry("GATEHOUSE_JWT_AUDIENCE", "gatehouse-api"),
                        Map.entry("GATEHOUSE_CORS_ORIGIN", settings.webUrl()),
                        Map.entry("GATEHOUSE_CASSANDRA_CONTACT_POINTS", cassandra.contactPoints()),
                        Map.entry("GATEHOUSE_CASSANDRA_LOCAL_DATACENTER", CassandraNodes.DATACENTER),
                        Map.entry("GATEHOUSE_CASSANDRA_REPLICATION_FACTOR", Integer.toString(CassandraNodes.NODES)),
                        Map.entry("GATEHOUSE_KEYCLOAK_URL", keycloak.internalUrl(cluster)),
                        Map.entry("GATEHOUSE_KEYCLOAK_FORWARDED_PROTO", "https"),
                        // MicroProfile Telemetry on, to the collector beside it (docs/api.md): metrics every minute,
                        // a trace for one request in twenty (X-Ray bills per trace), the caller's decision kept.
                        Map.entry("OTEL_SDK_DISABLED", "false"),
                        Map.entry("OTEL_SERVICE_NAME", "gatehouse-api"),
                        Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
                        Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                        Map.entry("OTEL_METRIC_EXPORT_INTERVAL", "60000"),
                        Map.entry("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"),
                        Map.entry("OTEL_TRACES_SAMPLER_ARG", "0.05"),
                        Map.entry("OTEL_LOGS_EXPORTER", "none")))
                .secrets(Map.of("GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET", Secret.fromSecretsManager(keycloak.tenantAdminClientSecret())))
                .logging(logs.driver())
                .build());
        Collector collector = Collector.addTo(this, task, "api", key, true, logs.driver());
        api.addContainerDependencies(ContainerDependency.builder().container(collector.container()).condition(ContainerDependencyCondition.START).build());
        metrics = collector.metrics();

        FargateService service = FargateService.Builder.create(this, "Service")
                .cluster(cluster).taskDefinition(task)
                .desiredCount(size.apiMinTasks)
                .vpcSubnets(network.services()).securityGroups(List.of(network.api()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Duration.minutes(2))
                .build();
        targets = edge.https().addTargets("Api", AddApplicationTargetsProps.builder()
                .priority(20)
                .conditions(List.of(ListenerCondition.hostHeaders(List.of(settings.apiDomain())),
                        ListenerCondition.pathPatterns(List.of("/api/*", "/health/*", "/openapi*"))))
                .port(Network.API_PORT).protocol(ApplicationProtocol.HTTP)
                .targets(List.of(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                        .containerName("api").containerPort(Network.API_PORT).build())))
                .healthCheck(HealthCheck.builder().path("/health/ready").healthyHttpCodes("200").interval(Duration.seconds(15)).build())
                .deregistrationDelay(Duration.seconds(20))
                .build());

        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(size.apiMinTasks).maxCapacity(size.apiMaxTasks).build());
        scaling.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder().targetUtilizationPercent(60)
                .scaleInCooldown(Duration.minutes(5)).scaleOutCooldown(Duration.minutes(1)).build());
        scaling.scaleOnRequestCount("Requests", RequestCountScalingProps.builder().targetGroup(targets)
                .requestsPerTarget(REQUESTS_PER_TASK).scaleInCooldown(Duration.minutes(5)).scaleOutCooldown(Duration.minutes(1)).build());
    }

    /** Where the collector writes the API's metrics (namespace Gatehouse/Api). */
    public LogGroup metrics() {
        return metrics;
    }

    public ApplicationTargetGroup targets() {
        return targets;
    }
}
