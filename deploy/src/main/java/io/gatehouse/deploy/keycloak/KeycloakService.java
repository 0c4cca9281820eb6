package io.gatehouse.deploy.keycloak;

import io.gatehouse.deploy.DeploySettings;
import io.gatehouse.deploy.Logs;
import io.gatehouse.deploy.Platforms;
import io.gatehouse.deploy.edge.Edge;
import io.gatehouse.deploy.images.Images;
import io.gatehouse.deploy.network.Network;
import io.gatehouse.deploy.telemetry.Collector;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Keycloak as a cluster of Fargate tasks (image from deploy/containers/keycloak: the official distribution,
 * built for PostgreSQL with health and metrics on) on Aurora PostgreSQL Serverless v2, encrypted with the data
 * key. The tasks find each other through the database (Keycloak's default jdbc-ping) and share sessions over
 * port 7800. The database password lives in Secrets Manager and rotates every 30 days.
 */
public final class KeycloakService extends Construct {
    public static final String DATABASE_NAME = "keycloak";
    /** Keycloak's name in the cluster's private DNS namespace: the API reaches the admin API there, never through the load balancer. */
    public static final String INTERNAL_NAME = "keycloak";
    /*
     * Stopping a task, in order: ECS takes it out of the target group and waits DEREGISTRATION_DELAY for the
     * load balancer's requests in flight, and removes its private DNS record; then it sends SIGTERM. Keycloak reports
     * not ready and keeps serving for SHUTDOWN_DELAY, longer than callers inside the VPC (the API's admin calls) may
     * still hold its address from DNS (INTERNAL_DNS_TTL); then it waits up to SHUTDOWN_TIMEOUT for running requests
     * and for the distributed caches to hand their entries to the other tasks. ECS kills it only after STOP_TIMEOUT,
     * which covers both. GatehouseStackTest checks these against each other in the template.
     */
    private static final Duration DEREGISTRATION_DELAY = Duration.seconds(30);
    private static final Duration INTERNAL_DNS_TTL = Duration.seconds(10);
    private static final Duration SHUTDOWN_DELAY = Duration.seconds(15);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.seconds(30);
    private static final Duration STOP_TIMEOUT = Duration.seconds(60);
    private final DatabaseCluster database;
    private final Logs logs;
    private final software.amazon.awscdk.services.secretsmanager.Secret tenantAdminClientSecret;

    public KeycloakService(Construct scope, String id, Cluster cluster, Network network, IKey key, Images images, Edge edge,
                           DeploySettings settings) {
        super(scope, id);
        DeploySettings.Size size = settings.size();
        database = DatabaseCluster.Builder.create(this, "Database")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_17_7).build()))
                .credentials(Credentials.fromGeneratedSecret("keycloak_admin",
                        CredentialsBaseOptions.builder().encryptionKey(key).build()))
                .defaultDatabaseName(DATABASE_NAME)
                .writer(ClusterInstance.serverlessV2("Writer"))
                .readers(List.of(ClusterInstance.serverlessV2("Reader", ServerlessV2ClusterInstanceProps.builder().scaleWithWriter(true).build())))
                .serverlessV2MinCapacity(size.auroraMinAcu)
                .serverlessV2MaxCapacity(size.auroraMaxAcu)
                .vpc(network.vpc()).vpcSubnets(network.data())
                .securityGroups(List.of(network.database()))
                .storageEncrypted(true).storageEncryptionKey(key)
                .iamAuthentication(false)
                .deletionProtection(true)
                .backup(BackupProps.builder().retention(Duration.days(14)).build())
                .cloudwatchLogsExports(List.of("postgresql"))
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();
        database.addRotationSingleUser(RotationSingleUserOptions.builder()
                .automaticallyAfter(Duration.days(30)).build());

        software.amazon.awscdk.services.secretsmanager.Secret bootstrapAdmin = software.amazon.awscdk.services.secretsmanager.Secret.Builder
                .create(this, "BootstrapAdmin")
                .description("Keycloak's first admin (used once on an empty database; replace it with a real admin, then delete it)")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder().secretStringTemplate("{\"username\":\"bootstrap-admin\"}")
                        .generateStringKey("password").excludePunctuation(true).passwordLength(32).build())
                .build();

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(size.keycloakCpu).memoryLimitMiB(size.keycloakMemoryMiB).runtimePlatform(Platforms.of(settings.architecture())).build();
        logs = Logs.of(this, "keycloak", key);
        ISecret dbSecret = database.getSecret();
        task.addContainer("keycloak", ContainerDefinitionOptions.builder()
                .image(images.keycloak())
                .command(List.of("start", "--optimized"))
                .portMappings(List.of(port(Network.KEYCLOAK_PORT), port(Network.KEYCLOAK_MANAGEMENT_PORT), port(Network.KEYCLOAK_CLUSTER_PORT)))
                .environment(Map.ofEntries(
                        Map.entry("KC_HOSTNAME", settings.keycloakUrl()),
                        Map.entry("KC_PROXY_HEADERS", "xforwarded"),
                        // Forwarded headers count only from inside the VPC (the load balancer), never from a caller.
                        Map.entry("KC_PROXY_TRUSTED_ADDRESSES", network.vpc().getVpcCidrBlock()),
                        Map.entry("KC_HTTP_ENABLED", "true"),
                        Map.entry("KC_DB_URL", "jdbc:postgresql://" + database.getClusterEndpoint().getHostname() + ":5432/" + DATABASE_NAME + "?sslmode=require"),
                        Map.entry("KC_LOG_CONSOLE_OUTPUT", "json"),
                        // User-event counters per realm, client and identity provider, scraped by the collector beside it.
                        Map.entry("KC_EVENT_METRICS_USER_TAGS", "realm,clientId,idp"),
                        // Login failures and admin changes as log lines too, for the login-failure alarm.
                        Map.entry("KC_SPI_EVENTS_LISTENER_JBOSS_LOGGING_SUCCESS_LEVEL", "debug"),
                        Map.entry("KC_SPI_EVENTS_LISTENER_JBOSS_LOGGING_ERROR_LEVEL", "warn"),
                        Map.entry("KC_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toSeconds() + "s"),
                        Map.entry("KC_SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT.toSeconds() + "s"),
                        Map.entry("JAVA_OPTS_KC_HEAP", "-XX:MaxRAMPercentage=70")))
                .stopTimeout(STOP_TIMEOUT)
                .secrets(Map.of(
                        "KC_DB_USERNAME", Secret.fromSecretsManager(dbSecret, "username"),
                        "KC_DB_PASSWORD", Secret.fromSecretsManager(dbSecret, "password"),
                        "KC_BOOTSTRAP_ADMIN_USERNAME", Secret.fromSecretsManager(bootstrapAdmin, "username"),
                        "KC_BOOTSTRAP_ADMIN_PASSWORD", Secret.fromSecretsManager(bootstrapAdmin, "password")))
                .logging(logs.driver())
                .readonlyRootFilesystem(false)
                .build());
        // Keycloak's user-event metrics (sign-ins, refusals, tokens) into CloudWatch: Monitoring's sign-in alarm and dashboard.
        Collector.addTo(this, task, "keycloak", key, false, logs.driver());

        FargateService service = FargateService.Builder.create(this, "Service")
                .cluster(cluster).taskDefinition(task)
                .desiredCount(size.keycloakTasks)
                // Rolling: new tasks join before old ones leave. Recreate: every old task stops first (DeploySettings.KeycloakUpdate).
                .minHealthyPercent(settings.keycloakUpdate() == DeploySettings.KeycloakUpdate.ROLLING ? 100 : 0)
                .maxHealthyPercent(settings.keycloakUpdate() == DeploySettings.KeycloakUpdate.ROLLING ? 200 : 100)
                .vpcSubnets(network.services()).securityGroups(List.of(network.keycloak()))
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Duration.minutes(3))
                .enableExecuteCommand(false)
                .cloudMapOptions(CloudMapOptions.builder().name(INTERNAL_NAME).dnsRecordType(DnsRecordType.A).dnsTtl(INTERNAL_DNS_TTL).build())
                .build();

        // The realm's gatehouse-tenant-admin client (tenant self-service): the realm CLI sets it, the API uses it.
        tenantAdminClientSecret = software.amazon.awscdk.services.secretsmanager.Secret.Builder.create(this, "TenantAdminClientSecret")
                .description("Secret of the realm client gatehouse-tenant-admin (GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET for the realm CLI and the API)")
                .encryptionKey(key)
                .generateSecretString(SecretStringGenerator.builder().excludePunctuation(true).passwordLength(40).build())
                .build();

        // An allow-list, not a deny-list: Keycloak routes on the decoded, normalised path, so /%61dmin/ or
        // /realms/%6Daster/ would pass a rule that names /admin/*. Only the app realm (login pages, protocol endpoints,
        // broker callbacks, account console) and the theme resources reach Keycloak; everything else on the auth name
        // meets the listener's 404. The admin console and the master realm are reached from inside the VPC only.
        ApplicationTargetGroup targets = edge.https().addTargets("Keycloak", AddApplicationTargetsProps.builder()
                .priority(10)
                .conditions(List.of(ListenerCondition.hostHeaders(List.of(settings.authDomain())),
                        ListenerCondition.pathPatterns(PUBLIC_PATHS)))
                .port(Network.KEYCLOAK_PORT).protocol(ApplicationProtocol.HTTP)
                .targets(List.of(service.loadBalancerTarget(LoadBalancerTargetOptions.builder()
                        .containerName("keycloak").containerPort(Network.KEYCLOAK_PORT).build())))
                // Readiness includes Keycloak's cluster (split-brain) check, which fails on a *surviving* task for
                // 10-15 s after any membership change (docs/reliability.md): three failed checks (45 s), not the
                // default two, so a task's loss does not take the other out too. A stopped task is deregistered by
                // ECS at once whatever the count.
                .healthCheck(HealthCheck.builder().path("/health/ready").port(Integer.toString(Network.KEYCLOAK_MANAGEMENT_PORT))
                        .healthyHttpCodes("200").interval(Duration.seconds(15)).unhealthyThresholdCount(3).build())
                // Login flows span several requests; the first broker and the session cache are per node.
                .stickinessCookieDuration(Duration.hours(1))
                .deregistrationDelay(DEREGISTRATION_DELAY)
                .build());
        targets.getNode().addDependency(database);
        // A path inside the allow-list can still climb out of it once normalised (/realms/gatehouse/../master/...).
        // Encoded dots and slashes cannot be named in a path pattern; the firewall decodes and normalises first.
        edge.https().addAction("KeycloakPathEscape", AddApplicationActionProps.builder()
                .priority(5)
                .conditions(List.of(ListenerCondition.hostHeaders(List.of(settings.authDomain())), ListenerCondition.pathPatterns(List.of("*..*"))))
                .action(ListenerAction.fixedResponse(404))
                .build());
    }

    /** What the internet may ask Keycloak for: the app realm and the login pages' static resources (path patterns). */
    public static final List<String> PUBLIC_PATHS = List.of("/realms/" + DeploySettings.REALM + "/*", "/resources/*");

    private static PortMapping port(int port) {
        return PortMapping.builder().containerPort(port).build();
    }

    /** The secret of the realm's tenant self-service client, for the API's task and the realm CLI. */
    public ISecret tenantAdminClientSecret() {
        return tenantAdminClientSecret;
    }

    /** Where the API reaches Keycloak inside the VPC (the cluster's private DNS namespace, plain HTTP). */
    public String internalUrl(Cluster cluster) {
        return "http://" + INTERNAL_NAME + "." + cluster.getDefaultCloudMapNamespace().getNamespaceName() + ":" + Network.KEYCLOAK_PORT;
    }

    public DatabaseCluster database() {
        return database;
    }

    public Logs logs() {
        return logs;
    }
}
