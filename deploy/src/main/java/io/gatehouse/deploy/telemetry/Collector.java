package io.gatehouse.deploy.telemetry;

import io.gatehouse.deploy.Logs;
import io.gatehouse.deploy.Resources;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * An AWS Distro for OpenTelemetry collector beside a service's container, configured by one of this package's YAML
 * files: it writes metrics as CloudWatch embedded-metric logs into a log group of its own (encrypted, kept as long as
 * the service's logs) and, when asked, traces to X-Ray. The task role may write to that group and, for traces, to X-Ray:
 * nothing else.
 */
public final class Collector {
    /** Pinned: a new collector release is a reviewed change, as every other image here. */
    public static final String IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.39.0";
    private final ContainerDefinition container;
    private final LogGroup metrics;

    private Collector(ContainerDefinition container, LogGroup metrics) {
        this.container = container;
        this.metrics = metrics;
    }

    /**
     * @param service    the service's name: its metrics land in /gatehouse/{service}-metrics
     * @param traces     whether the collector sends traces to X-Ray
     * @param logging    where the collector's own log goes (the service's log group)
     */
    public static Collector addTo(Construct scope, FargateTaskDefinition task, String service, IKey key, boolean traces, LogDriver logging) {
        LogGroup metrics = LogGroup.Builder.create(scope, "MetricLogs")
                .logGroupName("/gatehouse/" + service + "-metrics")
                .retention(Logs.RETENTION)
                .encryptionKey(key)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ContainerDefinition container = task.addContainer("otel-collector", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromRegistry(IMAGE))
                // A collector that fails loses telemetry, never the service: the task keeps running without it.
                .essential(false)
                .memoryReservationMiB(64)
                .environment(Map.of("AOT_CONFIG_CONTENT", Resources.text("telemetry/" + service + "-collector.yaml")))
                .logging(logging)
                .build());
        task.addToTaskRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of(metrics.getLogGroupArn(), metrics.getLogGroupArn() + ":log-stream:*")).build());
        if (traces) {
            // X-Ray's write actions take no resource narrower than "*".
            task.addToTaskRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"))
                    .resources(List.of("*")).build());
        }
        return new Collector(container, metrics);
    }

    public ContainerDefinition container() {
        return container;
    }

    public LogGroup metrics() {
        return metrics;
    }
}
