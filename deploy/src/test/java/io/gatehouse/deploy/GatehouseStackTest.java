package io.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.deploy.network.Network;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins the security-relevant properties of the synthesized CloudFormation (one synth for the class, ~20 s). */
class GatehouseStackTest {
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    private static Template template;
    private static JsonNode resources;

    @BeforeAll
    static void synthesize() throws Exception {
        App app = new App(AppProps.builder().outdir(Path.of("target", "cdk-test").toString()).build());
        GatehouseStack stack = new GatehouseStack(app, "Gatehouse", StackProps.builder().build(),
                DeploySettings.from(app.getNode()), DeployApp.builds());
        template = Template.fromStack(stack);
        resources = new ObjectMapper().valueToTree(template.toJSON()).path("Resources");
    }

    private static List<JsonNode> ofType(String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(resource -> {
            if (resource.path("Type").asText().equals(type)) {
                found.add(resource.path("Properties"));
            }
        });
        return found;
    }

    @Test
    void everyBucketIsEncryptedPrivateAndTlsOnly() {
        List<JsonNode> buckets = ofType("AWS::S3::Bucket");
        assertThat(buckets).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode bucket : buckets) {
            assertThat(bucket.path("BucketEncryption").path("ServerSideEncryptionConfiguration")).isNotEmpty();
            JsonNode block = bucket.path("PublicAccessBlockConfiguration");
            for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
                assertThat(block.path(setting).asBoolean()).as(setting).isTrue();
            }
        }
        List<JsonNode> policies = ofType("AWS::S3::BucketPolicy");
        assertThat(policies).hasSameSizeAs(buckets);
        for (JsonNode policy : policies) {
            assertThat(policy.toString()).contains("\"aws:SecureTransport\":\"false\"");
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                if (statement.path("Effect").asText().equals("Allow")) {
                    assertThat(statement.path("Principal").toString()).as("no public grant").doesNotContain("\"*\"");
                }
            }
        }
    }

    @Test
    void theArchiveBucketUsesTheKeyIsVersionedAndMovesToGlacierClasses() {
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "BucketEncryption", Match.objectLike(Map.of("ServerSideEncryptionConfiguration", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "ServerSideEncryptionByDefault", Match.objectLike(Map.of("SSEAlgorithm", "aws:kms")))))))),
                "LifecycleConfiguration", Match.objectLike(Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Transitions", Match.arrayWith(List.of(Match.objectLike(Map.of("StorageClass", "DEEP_ARCHIVE")))))))))))));
    }

    @Test
    void everyOtherStoreIsEncrypted() {
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of("StorageEncrypted", true, "KmsKeyId", Match.anyValue())));
        for (JsonNode instance : ofType("AWS::EC2::Instance")) {
            for (JsonNode device : instance.path("BlockDeviceMappings")) {
                assertThat(device.path("Ebs").path("Encrypted").asBoolean()).as(device.toString()).isTrue();
                assertThat(device.path("Ebs").has("KmsKeyId")).isTrue();
            }
        }
        assertThat(ofType("AWS::EC2::Instance")).hasSize(3)
                .extracting(instance -> instance.path("PrivateIpAddress").asText()).as("fixed, distinct seed addresses").doesNotHaveDuplicates()
                .allMatch(address -> address.startsWith("10.20."));
        ofType("AWS::Logs::LogGroup").forEach(group -> {
            assertThat(group.has("KmsKeyId")).as(group.toString()).isTrue();
            assertThat(group.path("RetentionInDays").asInt()).isPositive();
        });
        ofType("AWS::SQS::Queue").forEach(queue -> assertThat(queue.has("KmsMasterKeyId")).isTrue());
        ofType("AWS::SNS::Topic").forEach(topic -> assertThat(topic.has("KmsMasterKeyId")).isTrue());
        ofType("AWS::ECR::Repository").forEach(repository -> assertThat(repository.path("EncryptionConfiguration").path("EncryptionType").asText()).isEqualTo("KMS"));
        ofType("AWS::SecretsManager::Secret").forEach(secret -> assertThat(secret.has("KmsKeyId")).as(secret.toString()).isTrue());
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
    }

    @Test
    void theDatabasePasswordRotates() {
        template.resourceCountIs("AWS::SecretsManager::RotationSchedule", 1);
        template.hasResourceProperties("AWS::SecretsManager::RotationSchedule", Match.objectLike(Map.of(
                "RotationRules", Match.objectLike(Map.of("ScheduleExpression", "rate(30 days)")))));
    }

    @Test
    void theFirewallGuardsTheLoadBalancerWithManagedRulesAndRateLimits() {
        template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
        template.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Match.objectLike(Map.of(
                "ResourceArn", Map.of("Ref", Match.stringLikeRegexp("EdgeLoadBalancer.*")))));
        String acl = ofType("AWS::WAFv2::WebACL").get(0).toString();
        assertThat(acl).contains("\"Scope\":\"REGIONAL\"", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                "AWSManagedRulesAmazonIpReputationList", "/login-actions/", "/protocol/openid-connect/token", "\"Limit\":100", "\"Limit\":2000");
    }

    @Test
    void theWebIsServedFromAPrivateBucketThroughOriginAccessControlWithTheCsp() {
        template.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        String headers = ofType("AWS::CloudFront::ResponseHeadersPolicy").get(0).toString();
        assertThat(headers).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'",
                "connect-src 'self' https://api.gatehouse.example.com https://auth.gatehouse.example.com",
                "Cross-Origin-Opener-Policy", "same-origin", "\"ReferrerPolicy\":\"no-referrer\"", "\"FrameOption\":\"DENY\"",
                "StrictTransportSecurity").doesNotContain("unsafe", "{api}");
        template.hasResourceProperties("AWS::CloudFront::Distribution", Match.objectLike(Map.of("DistributionConfig", Match.objectLike(Map.of(
                "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https", "Compress", true)))))));
        assertThat(ofType("Custom::CDKBucketDeployment")).as("the built site and its config.json are uploaded")
                .anyMatch(deployment -> deployment.path("DestinationBucketName").toString().contains("EdgeWebBucket"));
    }

    @Test
    void noPolicyAllowsEveryActionOnEveryResourceOrAnyActionOfAServiceEverywhere() {
        List<String> offending = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy")) {
            for (JsonNode properties : ofType(type)) {
                List<JsonNode> documents = new ArrayList<>();
                documents.add(properties.path("PolicyDocument"));
                properties.path("Policies").forEach(policy -> documents.add(policy.path("PolicyDocument")));
                for (JsonNode document : documents) {
                    for (JsonNode statement : document.path("Statement")) {
                        List<String> actions = texts(statement.path("Action"));
                        List<String> targets = texts(statement.path("Resource"));
                        if (statement.path("Effect").asText().equals("Allow")
                                && (actions.contains("*") || actions.stream().anyMatch(action -> action.endsWith(":*")) && targets.contains("*"))) {
                            offending.add(statement.toString());
                        }
                    }
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void theCleanupTaskRoleMayDoExactlyWhatTheJobDoes() {
        List<String> actions = new ArrayList<>();
        resources.fields().forEachRemaining(entry -> {
            if (entry.getKey().startsWith("CleanupTaskRoleDefaultPolicy")) {
                entry.getValue().path("Properties").path("PolicyDocument").path("Statement").forEach(statement -> actions.addAll(texts(statement.path("Action"))));
            }
        });
        assertThat(actions).containsExactlyInAnyOrder("s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:RestoreObject",
                "kms:Decrypt", "kms:GenerateDataKey", "secretsmanager:GetSecretValue");
    }

    @Test
    void everyCassandraNodeBacksItselfUpDailyIntoItsPrefixOfAVersionedBucket() {
        List<JsonNode> statements = new ArrayList<>();
        resources.fields().forEachRemaining(entry -> {
            if (entry.getKey().startsWith("CassandraRoleDefaultPolicy")) {
                entry.getValue().path("Properties").path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        });
        String bucket = logicalId("CassandraBackupsBucket", "AWS::S3::Bucket");
        List<String> backupActions = new ArrayList<>();
        for (JsonNode statement : statements) {
            String resource = statement.path("Resource").toString();
            if (resource.contains(bucket)) {
                backupActions.addAll(texts(statement.path("Action")));
                boolean writes = !texts(statement.path("Action")).equals(List.of("s3:GetObject")) && !texts(statement.path("Action")).equals(List.of("s3:ListBucket"));
                assertThat(resource.contains("/cassandra/*") || resource.contains("/tools/cassandra-backup/*") && !writes
                        || statement.path("Condition").toString().contains("\"s3:prefix\":[\"cassandra/*\",\"tools/cassandra-backup/*\"]"))
                        .as("the backups' prefix, and reading the tool: " + statement).isTrue();
            }
            if (texts(statement.path("Action")).contains("cloudwatch:PutMetricData")) {
                assertThat(statement.path("Condition").toString()).contains("\"cloudwatch:namespace\":\"Gatehouse/CassandraBackup\"");
            }
        }
        assertThat(backupActions).containsExactlyInAnyOrder("s3:ListBucket", "s3:GetObject", "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");
        assertThat(ofType("Custom::CDKBucketDeployment")).as("the tool goes to the bucket, replacing the last release's files")
                .anyMatch(deployment -> deployment.path("DestinationBucketName").toString().contains(bucket)
                        && deployment.path("DestinationBucketKeyPrefix").asText().equals("tools/cassandra-backup/") && deployment.path("Prune").asBoolean());
        JsonNode backups = resources.path(bucket).path("Properties");
        assertThat(backups.path("VersioningConfiguration").path("Status").asText()).isEqualTo("Enabled");
        assertThat(backups.path("LifecycleConfiguration").toString()).contains("\"NoncurrentVersionExpiration\":{\"NoncurrentDays\":30}");
        assertThat(resources.path(bucket).path("DeletionPolicy").asText()).isEqualTo("Retain");

        List<JsonNode> nodes = ofType("AWS::EC2::Instance");
        assertThat(nodes).hasSize(3);
        for (int i = 0; i < nodes.size(); i++) {
            String userData = nodes.get(i).path("UserData").toString();
            assertThat(userData).contains("gatehouse-backup.timer", "OnCalendar=*-*-* 02:00:00 UTC", "backup --keep 14", "User=cassandra",
                    "--metric-name BackupsCompleted --dimensions Node=node" + (i + 1));
            assertThat(userData).as("each run fetches the tool the stack put in the bucket").contains("ExecStartPre=+/usr/bin/aws s3 sync", "/tools/cassandra-backup/ /opt/gatehouse-backup/");
            assertThat(userData).as("a new release of the tool does not change the user data (which would stop and start the node)").doesNotContain("cdk-");
        }
        for (int i = 1; i <= 3; i++) {
            JsonNode alarm = resources.path(logicalId("MonitoringCassandraBackupSilentnode" + i, "AWS::CloudWatch::Alarm")).path("Properties");
            assertThat(alarm.path("TreatMissingData").asText()).as("no backup reported is the alarm").isEqualTo("breaching");
            assertThat(alarm.path("EvaluationPeriods").asInt() * alarm.path("Period").asInt()).isEqualTo(26 * 3600);
            assertThat(alarm.path("Dimensions").toString()).contains("\"Value\":\"node" + i + "\"");
        }
    }

    @Test
    void theScheduleRunsTheCleanupTaskOnSpotWithRetriesAndADeadLetterQueue() {
        JsonNode schedule = ofType("AWS::Scheduler::Schedule").get(0);
        JsonNode target = schedule.path("Target");
        assertThat(target.path("EcsParameters").path("TaskDefinitionArn").path("Ref").asText()).startsWith("CleanupTask");
        assertThat(target.path("EcsParameters").path("CapacityProviderStrategy").get(0).path("CapacityProvider").asText()).isEqualTo("FARGATE_SPOT");
        assertThat(target.path("RetryPolicy").path("MaximumRetryAttempts").asInt()).isPositive();
        assertThat(target.path("DeadLetterConfig").path("Arn").toString()).contains("CleanupDeadLetters");
        assertThat(schedule.path("State").asText()).isEqualTo("ENABLED");
    }

    @Test
    void alarmsWatchTheApiKeycloakTheCleanupJobAndTheData() {
        List<String> descriptions = ofType("AWS::CloudWatch::Alarm").stream().map(alarm -> alarm.path("AlarmDescription").asText()).toList();
        assertThat(descriptions).anyMatch(d -> d.startsWith("API: more than 1%"))
                .anyMatch(d -> d.startsWith("API: p99"))
                .anyMatch(d -> d.startsWith("Keycloak: many failed logins"))
                .anyMatch(d -> d.startsWith("cleanup: a batch of records failed"))
                .anyMatch(d -> d.startsWith("cleanup: no run of records in 26 hours"))
                .anyMatch(d -> d.startsWith("cleanup: the scheduler could not start"));
        ofType("AWS::CloudWatch::Alarm").forEach(alarm -> assertThat(alarm.path("AlarmActions")).as("every alarm notifies").isNotEmpty());
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.hasResourceProperties("AWS::Logs::MetricFilter", Match.objectLike(Map.of("FilterPattern", Match.stringLikeRegexp(".*LOGIN_ERROR.*"))));
    }

    @Test
    void securityGroupsAllowOnlyTheConnectionsEachPartMakes() {
        List<JsonNode> ingress = new ArrayList<>(ofType("AWS::EC2::SecurityGroupIngress"));
        ofType("AWS::EC2::SecurityGroup").forEach(group -> group.path("SecurityGroupIngress").forEach(ingress::add));
        for (JsonNode rule : ingress) {
            if (rule.path("CidrIp").asText().equals("0.0.0.0/0")) {
                assertThat(rule.path("FromPort").asInt()).as("only HTTPS is open to the internet: " + rule).isEqualTo(443);
            }
        }
        assertThat(ingress.toString()).contains("\"FromPort\":9042").contains("\"FromPort\":5432");
        ofType("AWS::EC2::SecurityGroup").forEach(group -> assertThat(group.path("GroupDescription").asText())
                .as("CloudFormation refuses other characters").matches(Network.DESCRIPTION_CHARACTERS));
        JsonNode database = resources.path(logicalId("NetworkDatabase"));
        assertThat(database.path("Properties").path("SecurityGroupEgress").toString()).as("the database opens no connection").contains("255.255.255.255/32");
    }

    /** Paths that reach Keycloak's admin API or the master realm once Keycloak has decoded and normalised them. */
    private static final List<String> ADMIN_IN_DISGUISE = List.of("/admin/master/console/", "/%61dmin/master/console/",
            "/realms/master/protocol/openid-connect/token", "/realms/%6Daster/protocol/openid-connect/token",
            "/realms/gatehouse/../master/protocol/openid-connect/token", "/realms/gatehouse/%2e%2e/master/protocol/openid-connect/token",
            "/realms/gatehouse/%2E%2E/master/", "/realms/gatehouse%2f..%2fmaster/x", "/realms/gatehouse//../master/x",
            "/resources/../admin/master/console/");
    private static final List<String> LOGIN_PATHS = List.of("/realms/gatehouse/protocol/openid-connect/auth",
            "/realms/gatehouse/login-actions/authenticate", "/realms/gatehouse/.well-known/openid-configuration",
            "/realms/gatehouse/broker/initech-sso/endpoint", "/resources/abc12/login/keycloak.v2/css/styles.css");

    @Test
    void theFirewallLetsOnlyTheAppRealmAndResourcesReachKeycloakAsKeycloakDecodesAndNormalisesThePath() {
        JsonNode rule = wafRule("KeycloakOutsideAllowList");
        assertThat(rule.path("Action").has("Block")).isTrue();
        JsonNode statements = rule.path("Statement").path("AndStatement").path("Statements");
        assertThat(statements.get(0).path("ByteMatchStatement").path("SearchString").asText()).isEqualTo("auth.gatehouse.example.com");
        JsonNode allowed = statements.get(1).path("NotStatement").path("Statement").path("OrStatement").path("Statements");
        for (String path : ADMIN_IN_DISGUISE) {
            assertThat(anyStartsWith(allowed, path)).as("blocked: " + path).isFalse();
        }
        for (String path : LOGIN_PATHS) {
            assertThat(anyStartsWith(allowed, path)).as("allowed: " + path).isTrue();
        }
    }

    @Test
    void theLoginRateLimitMatchesTheLoginPathsHoweverTheyAreWritten() {
        JsonNode limited = wafRule("LoginRateLimit").path("Statement").path("RateBasedStatement").path("ScopeDownStatement")
                .path("OrStatement").path("Statements");
        for (String path : List.of("/realms/gatehouse/protocol/openid-connect/token", "/realms/gatehouse/protocol/openid-connect/%74oken",
                "/realms/gatehouse/PROTOCOL/openid-connect/token", "/realms/gatehouse/x/../login-actions/authenticate")) {
            boolean matched = false;
            for (JsonNode statement : limited) {
                JsonNode match = statement.path("ByteMatchStatement");
                matched |= transform(match.path("TextTransformations"), path).contains(match.path("SearchString").asText());
            }
            assertThat(matched).as(path).isTrue();
        }
    }

    /** The keyspace the API creates: NetworkTopologyStrategy with 3 in the nodes' datacenter, the nodes spread over the zones. */
    @Test
    void theApiAndTheCleanupJobQuorumInTheCassandraNodesDatacenterWithAReplicaInEachOfThreeZones() {
        Map<String, JsonNode> api = environment(container("api"));
        Map<String, JsonNode> cleanup = environment(container(io.gatehouse.deploy.cleanup.CleanupJob.CONTAINER));
        assertThat(api.get("GATEHOUSE_CASSANDRA_REPLICATION_FACTOR").asText()).isEqualTo("3");
        assertThat(api.get("GATEHOUSE_CASSANDRA_LOCAL_DATACENTER").asText()).isEqualTo(io.gatehouse.deploy.cassandra.CassandraNodes.DATACENTER);
        assertThat(cleanup.get("GATEHOUSE_CASSANDRA_LOCAL_DATACENTER").asText()).isEqualTo(io.gatehouse.deploy.cassandra.CassandraNodes.DATACENTER);
        assertThat(api.get("GATEHOUSE_CASSANDRA_CONTACT_POINTS").asText().split(",")).hasSize(3);
        List<JsonNode> nodes = ofType("AWS::EC2::Instance");
        assertThat(nodes).hasSize(3);
        // A node per zone (rack) as far as the zones go: a synth without an account and region knows two of them.
        assertThat(nodes.stream().map(node -> node.path("SubnetId").toString()).distinct()).as("zones the nodes are in").hasSizeGreaterThan(1);
    }

    @Test
    void theApiReachesKeycloaksAdminApiInsideTheVpcWithTheTenantAdminSecretFromSecretsManager() {
        JsonNode api = container("api");
        Map<String, JsonNode> environment = environment(api);
        assertThat(environment.get("GATEHOUSE_KEYCLOAK_URL").asText()).isEqualTo("http://keycloak.gatehouse.internal:8080");
        assertThat(environment.get("GATEHOUSE_KEYCLOAK_FORWARDED_PROTO").asText()).isEqualTo("https");
        assertThat(environment).as("no secret in plain environment").doesNotContainKey("GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET");
        JsonNode secret = api.path("Secrets").get(0);
        assertThat(secret.path("Name").asText()).isEqualTo("GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET");
        assertThat(secret.path("ValueFrom").path("Ref").asText()).startsWith("KeycloakTenantAdminClientSecret");
        template.hasResourceProperties("AWS::ServiceDiscovery::PrivateDnsNamespace", Match.objectLike(Map.of("Name", "gatehouse.internal")));
        template.hasResourceProperties("AWS::ServiceDiscovery::Service", Match.objectLike(Map.of("Name", "keycloak")));
        assertThat(loadBalancerAnswer("auth.gatehouse.example.com", "/admin/realms/gatehouse/organizations")).as("never from outside")
                .isNotEqualTo("forward");
    }

    @Test
    void withoutItsFlagThereIsNoGlobalAccelerator() {
        template.resourceCountIs("AWS::GlobalAccelerator::Accelerator", 0);
        template.resourceCountIs("AWS::GlobalAccelerator::EndpointGroup", 0);
    }

    /**
     * Aurora restores to any second of the retention period (point-in-time recovery is Aurora's continuous backup
     * within BackupRetentionPeriod); the cluster cannot be deleted by a stack update and leaves a snapshot if removed.
     */
    @Test
    void keycloaksDatabaseCanBeRestoredToAnyPointOfTheLastTwoWeeks() {
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of(
                "BackupRetentionPeriod", 14, "DeletionProtection", true, "StorageEncrypted", true)));
        template.hasResource("AWS::RDS::DBCluster", Match.objectLike(Map.of("DeletionPolicy", "Snapshot", "UpdateReplacePolicy", "Snapshot")));
    }

    /**
     * A stopped Keycloak task drains in order: the load balancer's requests first (deregistration, before SIGTERM),
     * then callers holding its private DNS record (the shutdown delay outlasts the record's TTL), then running requests
     * and the caches' hand-over (the shutdown timeout), all before ECS's SIGKILL (the stop timeout).
     */
    @Test
    void aStoppingKeycloakTaskDrainsItsCallersBeforeItIsKilled() {
        JsonNode keycloak = container("keycloak");
        Map<String, JsonNode> environment = environment(keycloak);
        long delay = seconds(environment.get("KC_SHUTDOWN_DELAY").asText());
        long timeout = seconds(environment.get("KC_SHUTDOWN_TIMEOUT").asText());
        long ttl = ofType("AWS::ServiceDiscovery::Service").stream().filter(service -> service.path("Name").asText().equals("keycloak"))
                .findFirst().orElseThrow().path("DnsConfig").path("DnsRecords").get(0).path("TTL").asLong();
        assertThat(ttl).isPositive();
        assertThat(delay).as("Keycloak serves while callers may still resolve it").isGreaterThan(ttl);
        assertThat(timeout).as("time for requests and cache hand-over").isGreaterThanOrEqualTo(10);
        assertThat(keycloak.path("StopTimeout").asLong()).as("SIGKILL only after both").isGreaterThan(delay + timeout)
                .isLessThanOrEqualTo(120);
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "HealthCheckPort", Integer.toString(Network.KEYCLOAK_MANAGEMENT_PORT),
                "TargetGroupAttributes", Match.arrayWith(List.of(Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "30"))))));
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("[0-9]+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

    private static JsonNode container(String name) {
        return ofType("AWS::ECS::TaskDefinition").stream().map(task -> task.path("ContainerDefinitions").get(0))
                .filter(container -> container.path("Name").asText().equals(name)).findFirst().orElseThrow();
    }

    /** The task definition whose first container is {@code service}. */
    private static JsonNode task(String service) {
        return ofType("AWS::ECS::TaskDefinition").stream().filter(task -> task.path("ContainerDefinitions").get(0).path("Name").asText().equals(service))
                .findFirst().orElseThrow();
    }

    private static JsonNode sidecar(String service, String name) {
        for (JsonNode container : task(service).path("ContainerDefinitions")) {
            if (container.path("Name").asText().equals(name)) {
                return container;
            }
        }
        throw new AssertionError("no container " + name + " in the " + service + " task");
    }

    /** The actions the role named by a task definition's TaskRoleArn may take, each with its resources. */
    private static List<JsonNode> taskRoleStatements(String service) {
        String role = task(service).path("TaskRoleArn").path("Fn::GetAtt").get(0).asText();
        List<JsonNode> statements = new ArrayList<>();
        resources.fields().forEachRemaining(entry -> {
            JsonNode properties = entry.getValue().path("Properties");
            if (entry.getValue().path("Type").asText().equals("AWS::IAM::Policy") && properties.path("Roles").toString().contains("\"" + role + "\"")) {
                properties.path("PolicyDocument").path("Statement").forEach(statements::add);
            }
        });
        return statements;
    }

    @Test
    void servicesAndCassandraRunOnGravitonAndTheCleanupTaskOnX86ForSpot() {
        assertThat(task("api").at("/RuntimePlatform/CpuArchitecture").asText()).isEqualTo("ARM64");
        assertThat(task("keycloak").at("/RuntimePlatform/CpuArchitecture").asText()).isEqualTo("ARM64");
        assertThat(task("cleanup").at("/RuntimePlatform/CpuArchitecture").asText()).as("Fargate Spot runs no ARM64 tasks").isEqualTo("X86_64");
        List<JsonNode> nodes = ofType("AWS::EC2::Instance");
        assertThat(nodes).isNotEmpty().allSatisfy(node -> {
            assertThat(node.path("InstanceType").asText()).isEqualTo("m7g.large");
            assertThat(node.path("ImageId").toString()).as("Amazon Linux 2023 for ARM64").contains("arm64").doesNotContain("x86_64");
        });
    }

    @Test
    void theApiSendsItsTracesAndRouteMetricsToACollectorBesideItThatMayWriteOnlyThere() throws Exception {
        Map<String, JsonNode> environment = environment(container("api"));
        assertThat(environment.get("OTEL_SDK_DISABLED").asText()).isEqualTo("false");
        assertThat(environment.get("OTEL_EXPORTER_OTLP_ENDPOINT").asText()).isEqualTo("http://127.0.0.1:4318");
        assertThat(environment.get("OTEL_EXPORTER_OTLP_PROTOCOL").asText()).isEqualTo("http/protobuf");
        assertThat(container("api").path("DependsOn").toString()).contains("\"ContainerName\":\"otel-collector\"", "\"Condition\":\"START\"");
        JsonNode collector = sidecar("api", "otel-collector");
        assertThat(collector.path("Image").asText()).startsWith("public.ecr.aws/aws-observability/aws-otel-collector:v").doesNotEndWith(":latest");
        assertThat(collector.path("Essential").asBoolean()).as("a failed collector loses telemetry, not the API").isFalse();
        JsonNode config = YAML.readTree(environment(collector).get("AOT_CONFIG_CONTENT").asText());
        assertThat(config.at("/receivers/otlp/protocols/http/endpoint").asText()).as("the collector listens on the task's loopback only").isEqualTo("127.0.0.1:4318");
        assertThat(config.at("/exporters/awsemf/namespace").asText()).isEqualTo("Gatehouse/Api");
        assertThat(config.at("/exporters/awsemf/metric_declarations/0/dimensions/0").toString()).contains("http.route");
        assertThat(config.at("/service/pipelines/traces/exporters").toString()).isEqualTo("[\"awsxray\"]");
        assertThat(config.at("/service/pipelines/metrics/exporters").toString()).isEqualTo("[\"awsemf\"]");
        List<String> actions = new ArrayList<>();
        for (JsonNode statement : taskRoleStatements("api")) {
            List<String> these = texts(statement.path("Action"));
            actions.addAll(these);
            if (these.contains("logs:PutLogEvents")) {
                assertThat(statement.path("Resource").toString()).as("the metrics' own log group only").contains("ApiMetricLogs").doesNotContain("\"*\"");
            }
        }
        assertThat(actions).contains("logs:PutLogEvents", "xray:PutTraceSegments");
    }

    @Test
    void keycloaksUserEventCountersAreScrapedIntoCloudWatchAndWatched() throws Exception {
        assertThat(environment(container("keycloak")).get("KC_EVENT_METRICS_USER_TAGS").asText()).isEqualTo("realm,clientId,idp");
        JsonNode config = YAML.readTree(environment(sidecar("keycloak", "otel-collector")).get("AOT_CONFIG_CONTENT").asText());
        JsonNode scrape = config.at("/receivers/prometheus/config/scrape_configs/0");
        assertThat(scrape.at("/static_configs/0/targets/0").asText()).as("Keycloak's management port, inside the task").isEqualTo("127.0.0.1:9000");
        assertThat(scrape.path("metric_relabel_configs").toString()).contains("keycloak_user_events_total|gatehouse_organization_events_total");
        assertThat(config.at("/exporters/awsemf/metric_declarations/1/dimensions/0").toString()).isEqualTo("[\"realm\",\"organization\",\"event\",\"outcome\"]");
        assertThat(config.at("/exporters/awsemf/namespace").asText()).isEqualTo("Gatehouse/Keycloak");
        assertThat(config.at("/service/pipelines/metrics/receivers").toString()).isEqualTo("[\"prometheus\"]");
        assertThat(config.at("/service/pipelines").has("traces")).isFalse();
        assertThat(taskRoleStatements("keycloak").stream().flatMap(statement -> texts(statement.path("Action")).stream()))
                .as("Keycloak's task sends no traces").noneMatch(action -> action.startsWith("xray:"));

        JsonNode alarm = ofType("AWS::CloudWatch::Alarm").stream()
                .filter(properties -> properties.path("AlarmDescription").asText().startsWith("Keycloak: more than half of the sign-ins refused")).findFirst().orElseThrow();
        assertThat(alarm.path("Metrics").toString()).contains("IF(refused >= 20, 100 * refused / (refused + succeeded), 0)", "keycloak_user_events_total",
                "\"Value\":\"failure\"", "\"Value\":\"login\"");
        String dashboard = ofType("AWS::CloudWatch::Dashboard").get(0).path("DashboardBody").toString();
        assertThat(dashboard).contains("http.server.request.duration", "code_to_token", "gatehouse_organization_events_total", "Sign-ins refused %", "Cleanup runs", "Cassandra backups");
    }

    private static Map<String, JsonNode> environment(JsonNode container) {
        Map<String, JsonNode> environment = new java.util.HashMap<>();
        container.path("Environment").forEach(variable -> environment.put(variable.path("Name").asText(), variable.path("Value")));
        return environment;
    }

    @Test
    void keycloaksTargetsStayInThroughTheClusterChecksDipAfterATaskIsLost() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.objectLike(Map.of(
                "HealthCheckPath", "/health/ready", "HealthCheckIntervalSeconds", 15, "UnhealthyThresholdCount", 3)));
    }

    @Test
    void theLoadBalancerForwardsOnlyAllowListedPathsToKeycloakAndRemovesTheCallersForwardedFor() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.objectLike(Map.of("LoadBalancerAttributes",
                Match.arrayWith(List.of(Map.of("Key", "routing.http.xff_header_processing.mode", "Value", "remove"))))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Protocol", "HTTPS", "SslPolicy", Match.anyValue())));
        for (String path : ADMIN_IN_DISGUISE) {
            // An encoded dot or slash inside the allow-list cannot be named in a path pattern: the firewall's test covers those.
            if (!path.toLowerCase(java.util.Locale.ROOT).contains("%2")) {
                assertThat(loadBalancerAnswer("auth.gatehouse.example.com", path)).as(path).isNotEqualTo("forward");
            }
        }
        for (String path : LOGIN_PATHS) {
            assertThat(loadBalancerAnswer("auth.gatehouse.example.com", path)).as(path).isEqualTo("forward");
        }
        assertThat(loadBalancerAnswer("auth.gatehouse.example.com", "/realms/gatehouse/../master/protocol/openid-connect/token"))
                .as("a dot segment is refused before the allow-list").isEqualTo("fixed-response");
        assertThat(loadBalancerAnswer("api.gatehouse.example.com", "/api/v1/admin/retention")).isEqualTo("forward");
        assertThat(ofType("AWS::ECS::TaskDefinition").toString()).as("Keycloak trusts forwarded headers from the VPC only")
                .contains("\"Name\":\"KC_PROXY_TRUSTED_ADDRESSES\"");
    }

    private static JsonNode wafRule(String name) {
        for (JsonNode rule : ofType("AWS::WAFv2::WebACL").get(0).path("Rules")) {
            if (rule.path("Name").asText().equals(name)) {
                return rule;
            }
        }
        throw new AssertionError("no WAF rule " + name);
    }

    private static boolean anyStartsWith(JsonNode statements, String path) {
        for (JsonNode statement : statements) {
            JsonNode match = statement.path("ByteMatchStatement");
            assertThat(match.path("PositionalConstraint").asText()).isEqualTo("STARTS_WITH");
            if (transform(match.path("TextTransformations"), path).startsWith(match.path("SearchString").asText())) {
                return true;
            }
        }
        return false;
    }

    /** AWS WAF's text transformations, in their priority order, as its documentation defines them. */
    private static String transform(JsonNode transformations, String input) {
        List<JsonNode> ordered = new ArrayList<>();
        transformations.forEach(ordered::add);
        ordered.sort(java.util.Comparator.comparingInt(t -> t.path("Priority").asInt()));
        String value = input;
        for (JsonNode transformation : ordered) {
            value = switch (transformation.path("Type").asText()) {
                case "URL_DECODE" -> java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
                case "NORMALIZE_PATH" -> normalizePath(value);
                case "LOWERCASE" -> value.toLowerCase(java.util.Locale.ROOT);
                default -> throw new AssertionError("a transformation this test does not know: " + transformation);
            };
        }
        return value;
    }

    /** NORMALIZE_PATH: multiple slashes, self references (./) and back references (../) removed. */
    private static String normalizePath(String path) {
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String segment : path.split("/+", -1)) {
            if (segment.equals("..")) {
                if (segments.size() > 1) {
                    segments.removeLast();
                }
            } else if (!segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    /** What the HTTPS listener does with a request: the action of the first rule by priority whose conditions all match. */
    private static String loadBalancerAnswer(String host, String path) {
        List<JsonNode> rules = new ArrayList<>(ofType("AWS::ElasticLoadBalancingV2::ListenerRule"));
        rules.sort(java.util.Comparator.comparingInt(rule -> rule.path("Priority").asInt()));
        for (JsonNode rule : rules) {
            boolean matches = true;
            for (JsonNode condition : rule.path("Conditions")) {
                String field = condition.path("Field").asText();
                JsonNode values = field.equals("host-header") ? condition.path("HostHeaderConfig").path("Values")
                        : condition.path("PathPatternConfig").path("Values");
                String subject = field.equals("host-header") ? host : path;
                boolean any = false;
                for (JsonNode pattern : values) {
                    any |= subject.matches(java.util.regex.Pattern.quote(pattern.asText()).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
                }
                matches &= any;
            }
            if (matches) {
                return rule.path("Actions").get(0).path("Type").asText();
            }
        }
        return "default (404)";
    }

    private static String logicalId(String prefix) {
        return logicalId(prefix, "AWS::EC2::SecurityGroup");
    }

    private static String logicalId(String prefix, String type) {
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(name -> {
            if (name.startsWith(prefix) && resources.path(name).path("Type").asText().equals(type)) {
                ids.add(name);
            }
        });
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.toString()));
        } else if (!node.isMissingNode()) {
            texts.add(node.isTextual() ? node.asText() : node.toString());
        }
        return texts;
    }
}
