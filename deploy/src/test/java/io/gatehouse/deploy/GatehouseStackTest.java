package io.gatehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
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
    private static Template template;
    private static JsonNode resources;

    @BeforeAll
    static void synthesize() throws Exception {
        App app = new App(AppProps.builder().outdir(Path.of("target", "cdk-test").toString()).build());
        GatehouseStack stack = new GatehouseStack(app, "Gatehouse", StackProps.builder().build(),
                DeploySettings.from(app.getNode()), DeployApp.siteDir());
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
                "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https"))))))); 
        assertThat(ofType("Custom::CDKBucketDeployment")).as("the built site and its config.json are uploaded").hasSize(1);
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
        JsonNode database = resources.path(logicalId("NetworkDatabase"));
        assertThat(database.path("Properties").path("SecurityGroupEgress").toString()).as("the database opens no connection").contains("255.255.255.255/32");
    }

    @Test
    void theKeycloakAdminConsoleIsClosedToTheInternet() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", Match.objectLike(Map.of(
                "Conditions", Match.arrayWith(List.of(Match.objectLike(Map.of("Field", "path-pattern")))),
                "Actions", Match.arrayWith(List.of(Match.objectLike(Map.of("Type", "fixed-response")))))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of(
                "Protocol", "HTTPS", "SslPolicy", Match.anyValue())));
    }

    private static String logicalId(String prefix) {
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(name -> {
            if (name.startsWith(prefix) && resources.path(name).path("Type").asText().equals("AWS::EC2::SecurityGroup")) {
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
