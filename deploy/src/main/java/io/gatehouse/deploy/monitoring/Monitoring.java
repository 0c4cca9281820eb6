package io.gatehouse.deploy.monitoring;

import io.gatehouse.deploy.DeploySettings;
import io.gatehouse.deploy.api.ApiService;
import io.gatehouse.deploy.cassandra.CassandraBackups;
import io.gatehouse.deploy.cassandra.CassandraNodes;
import io.gatehouse.deploy.cleanup.CleanupJob;
import io.gatehouse.deploy.edge.Edge;
import io.gatehouse.deploy.keycloak.KeycloakService;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.MetricProps;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;

/**
 * Alarms to an SNS topic (encrypted; an e-mail subscription when {@code alarmEmail} is set) and one dashboard:
 * the API's error rate and latency, Keycloak's errors and failed logins, the cleanup job's failures and silence
 * (from the EMF metrics the jar logs), the dead-letter queue, the database and the Cassandra nodes.
 */
public final class Monitoring extends Construct {
    public static final String CLEANUP_NAMESPACE = "Gatehouse/Cleanup";
    public static final List<String> CLEANUP_SOURCES = List.of("records", "keycloak-events", "keycloak-admin-events");
    /** A daily backup with its timer's 45 minutes of random delay, and an hour to finish. */
    static final int BACKUP_MAX_HOURS = 26;
    /** Where the collectors put Keycloak's user-event counters and the API's request metrics (deploy/.../telemetry/). */
    public static final String KEYCLOAK_NAMESPACE = "Gatehouse/Keycloak";
    public static final String KEYCLOAK_EVENTS = "keycloak_user_events_total";
    /** Gatehouse's own counter per organization (keycloak-providers/, OrganizationEventMetrics). */
    public static final String ORGANIZATION_EVENTS = "gatehouse_organization_events_total";
    public static final String API_NAMESPACE = "Gatehouse/Api";
    /** Fewer refusals than this in 5 minutes never raise the sign-in alarm, whatever their share: a user mistyping at night. */
    static final int SIGN_IN_ALARM_MINIMUM = 20;
    private final Topic topic;

    public Monitoring(Construct scope, String id, IKey key, Edge edge, ApiService api, KeycloakService keycloak,
                      CleanupJob cleanup, CassandraNodes cassandra, DeploySettings settings) {
        super(scope, id);
        topic = Topic.Builder.create(this, "Alarms").displayName("Gatehouse alarms").masterKey(key).enforceSsl(true).build();
        if (!settings.alarmEmail().isEmpty()) {
            topic.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }

        MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).build();
        IMetric requests = api.targets().getMetrics().requestCount(fiveMinutes);
        IMetric errors = api.targets().getMetrics().httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, fiveMinutes);
        MathExpression errorRate = MathExpression.Builder.create()
                .expression("100 * errors / MAX([requests, 1])").usingMetrics(Map.of("errors", errors, "requests", requests))
                .label("API 5xx %").period(Duration.minutes(5)).build();
        alarm("Api5xxRate", errorRate, 1, 3, 2, "API: more than 1% of requests answered 5xx");
        IMetric latency = api.targets().getMetrics().targetResponseTime(MetricOptions.builder().statistic("p99").period(Duration.minutes(5)).build());
        alarm("ApiLatencyP99", latency, 1, 3, 3, "API: p99 latency above 1 s");
        IMetric loadBalancerErrors = edge.loadBalancer().getMetrics().httpCodeElb(
                HttpCodeElb.ELB_5XX_COUNT, fiveMinutes);
        alarm("LoadBalancer5xx", loadBalancerErrors, 20, 2, 2, "load balancer: 5xx of its own (no healthy target, timeouts)");

        MetricFilter loginFailures = MetricFilter.Builder.create(this, "LoginFailures")
                .logGroup(keycloak.logs().group())
                .filterPattern(FilterPattern.anyTerm("LOGIN_ERROR"))
                .metricNamespace("Gatehouse/Keycloak").metricName("LoginFailures").metricValue("1").defaultValue(0)
                .build();
        alarm("KeycloakLoginFailures", loginFailures.metric(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build()),
                200, 1, 1, "Keycloak: many failed logins (password guessing?); WAF and brute-force detection are on");

        // Sign-ins from Keycloak's own user-event counters (the collector beside each Keycloak task): the refused share.
        Metric signIns = keycloakEvents("login", "success");
        Metric refusedSignIns = keycloakEvents("login", "failure");
        MathExpression refusedShare = MathExpression.Builder.create()
                .expression("IF(refused >= " + SIGN_IN_ALARM_MINIMUM + ", 100 * refused / (refused + succeeded), 0)")
                .usingMetrics(Map.of("refused", refusedSignIns, "succeeded", signIns))
                .label("sign-ins refused %").period(Duration.minutes(5)).build();
        alarm("KeycloakSignInsRefused", refusedShare, 50, 3, 3, "Keycloak: more than half of the sign-ins refused for 15 minutes (at least "
                + SIGN_IN_ALARM_MINIMUM + " refusals in each 5): a broken directory or identity provider, or password guessing");

        for (String source : CLEANUP_SOURCES) {
            Metric failed = cleanupMetric("FailedBatches", source, Duration.hours(1));
            alarm("CleanupFailed-" + source, failed, 1, 1, 1, "cleanup: a batch of " + source + " failed (rows kept; see the task's logs)");
            silent("CleanupSilent-" + source, cleanupMetric("Runs", source, Duration.hours(1)), settings.cleanupMaxHoursBetweenRuns(),
                    "cleanup: no run of " + source + " in " + settings.cleanupMaxHoursBetweenRuns() + " hours");
        }
        alarm("CleanupDeadLetters", cleanup.deadLetters().metricApproximateNumberOfMessagesVisible(fiveMinutes), 1, 1, 1,
                "cleanup: the scheduler could not start the task (messages in the dead-letter queue)");
        alarm("DatabaseCpu", keycloak.database().metricCPUUtilization(fiveMinutes), 80, 3, 3, "Keycloak's database: CPU above 80%");
        for (int i = 0; i < cassandra.instances().size(); i++) {
            String node = CassandraNodes.nodeName(i);
            silent("CassandraBackupSilent-" + node, backupMetric(node), BACKUP_MAX_HOURS,
                    "Cassandra " + node + ": no backup in " + BACKUP_MAX_HOURS + " hours (journalctl -u gatehouse-backup on the node)");
        }
        for (var node : cassandra.instances()) {
            alarm("CassandraStatus-" + node.getNode().getId(), new Metric(MetricProps.builder()
                    .namespace("AWS/EC2").metricName("StatusCheckFailed").dimensionsMap(Map.of("InstanceId", node.getInstanceId()))
                    .statistic("Maximum").period(Duration.minutes(1)).build()), 1, 2, 2, "Cassandra " + node.getNode().getId() + ": status check failed");
        }

        Dashboard.Builder.create(this, "Dashboard").dashboardName("gatehouse").widgets(List.of(
                List.of(graph("API requests and 5xx", requests, errors), graph("API 5xx %", errorRate), graph("API p99 latency (s)", latency)),
                List.of(graph("Keycloak failed logins", loginFailures.metric()), graph("Load balancer 5xx", loadBalancerErrors),
                        graph("Keycloak database CPU %", keycloak.database().metricCPUUtilization())),
                List.of(graph("Sign-ins: succeeded and refused", signIns, refusedSignIns), graph("Sign-ins refused %", refusedShare),
                        graph("Tokens issued per client (5 min)", search("{" + KEYCLOAK_NAMESPACE + ",realm,client_id,event,outcome} "
                                + "MetricName=\"" + KEYCLOAK_EVENTS + "\" outcome=\"success\" (event=\"code_to_token\" OR event=\"refresh_token\" OR event=\"client_login\")", "Sum"))),
                List.of(graph("Sign-ins and tokens per organization (5 min)", search("{" + KEYCLOAK_NAMESPACE + ",realm,organization,event,outcome} "
                                + "MetricName=\"" + ORGANIZATION_EVENTS + "\"", "Sum"))),
                List.of(graph("API mean latency per route (s)", search("{" + API_NAMESPACE + ",http.route,http.request.method,http.response.status_code} "
                                + "MetricName=\"http.server.request.duration\"", "Average")),
                        graph("API requests per route (5 min)", search("{" + API_NAMESPACE + ",http.route,http.request.method,http.response.status_code} "
                                + "MetricName=\"http.server.request.duration\"", "SampleCount")),
                        graph("Cleanup runs", CLEANUP_SOURCES.stream().map(s -> (IMetric) cleanupMetric("Runs", s, Duration.hours(1))).toList())),
                List.of(graph("Cleanup rows archived", CLEANUP_SOURCES.stream().map(s -> (IMetric) cleanupMetric("RowsArchived", s, Duration.hours(1))).toList()),
                        graph("Cleanup failed batches", CLEANUP_SOURCES.stream().map(s -> (IMetric) cleanupMetric("FailedBatches", s, Duration.hours(1))).toList()),
                        graph("Cassandra backups", IntStream.range(0, cassandra.instances().size()).mapToObj(i -> (IMetric) backupMetric(CassandraNodes.nodeName(i))).toList()))))
                .build();
    }

    private static Metric keycloakEvents(String event, String outcome) {
        return new Metric(MetricProps.builder()
                .namespace(KEYCLOAK_NAMESPACE).metricName(KEYCLOAK_EVENTS)
                .dimensionsMap(Map.of("realm", DeploySettings.REALM, "event", event, "outcome", outcome))
                .statistic("Sum").period(Duration.minutes(5)).build());
    }

    /** Every series a CloudWatch search finds, for a dashboard graph (alarms cannot use searches). */
    private static MathExpression search(String query, String statistic) {
        return MathExpression.Builder.create().expression("SEARCH('" + query + "', '" + statistic + "', 300)")
                .usingMetrics(Map.of()).period(Duration.minutes(5)).build();
    }

    private static Metric backupMetric(String node) {
        return new Metric(MetricProps.builder()
                .namespace(CassandraBackups.NAMESPACE).metricName(CassandraBackups.METRIC).dimensionsMap(Map.of("Node", node))
                .statistic("Sum").period(Duration.hours(1)).build());
    }

    private static Metric cleanupMetric(String name, String source, Duration period) {
        return new Metric(MetricProps.builder()
                .namespace(CLEANUP_NAMESPACE).metricName(name).dimensionsMap(Map.of("Source", source))
                .statistic("Sum").period(period).build());
    }

    private void alarm(String id, IMetric metric, double threshold, int evaluationPeriods, int datapoints, String description) {
        register(Alarm.Builder.create(this, id)
                .metric(metric).threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(evaluationPeriods).datapointsToAlarm(datapoints)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build());
    }

    /**
     * An alarm for something that must happen every so many hours (an hourly count): missing data counts as breaching,
     * so a run that never started, failed or stopped reporting is the alarm.
     */
    private void silent(String id, IMetric hourlyCount, int hours, String description) {
        register(Alarm.Builder.create(this, id)
                .metric(hourlyCount)
                .threshold(1).comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .evaluationPeriods(hours).datapointsToAlarm(hours)
                .treatMissingData(TreatMissingData.BREACHING)
                .alarmDescription(description)
                .build());
    }

    private void register(Alarm alarm) {
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return graph(title, List.of(metrics));
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).build();
    }

}
