package io.gatehouse.deploy.edge;

import io.gatehouse.deploy.DeploySettings;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS WAF on the load balancer in front of the API and Keycloak: AWS's managed rule groups (common exploits, known
 * bad inputs, IP reputation), a per-address rate limit on everything, and a much lower one on Keycloak's login
 * form and token endpoint, where password guessing and credential stuffing arrive. Keycloak's own brute-force
 * detection still locks accounts; this stops the traffic before it costs a database round trip. Paths are matched
 * as Keycloak routes them, URL-decoded and normalised: on the auth name only the app realm and the theme resources
 * pass, so /%61dmin/ or /realms/gatehouse/%2e%2e/master/ are refused here whatever the load balancer's rules see.
 */
public final class Firewall extends Construct {
    /** Requests per address in 5 minutes. */
    public static final int LOGIN_RATE_LIMIT = 100;
    public static final int OVERALL_RATE_LIMIT = 2000;

    /** Applied before any path is compared: decoded, then dot segments and double slashes resolved. */
    public static final List<String> PATH_TRANSFORMATIONS = List.of("URL_DECODE", "NORMALIZE_PATH");
    /** The path prefixes of the auth name the internet may reach, as Keycloak sees them. */
    public static final List<String> KEYCLOAK_PUBLIC_PREFIXES = List.of("/realms/" + DeploySettings.REALM + "/", "/resources/");

    public Firewall(Construct scope, String id, ApplicationLoadBalancer loadBalancer, String authDomain) {
        super(scope, id);
        List<CfnWebACL.RuleProperty> rules = new ArrayList<>();
        rules.add(CfnWebACL.RuleProperty.builder()
                .name("KeycloakOutsideAllowList").priority(rules.size())
                .statement(CfnWebACL.StatementProperty.builder().andStatement(CfnWebACL.AndStatementProperty.builder().statements(List.of(
                        CfnWebACL.StatementProperty.builder().byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().singleHeader(Map.of("Name", "host")).build())
                                .positionalConstraint("EXACTLY").searchString(authDomain.toLowerCase(Locale.ROOT))
                                .textTransformations(transformations(List.of("LOWERCASE"))).build()).build(),
                        CfnWebACL.StatementProperty.builder().notStatement(CfnWebACL.NotStatementProperty.builder()
                                .statement(CfnWebACL.StatementProperty.builder().orStatement(CfnWebACL.OrStatementProperty.builder()
                                        .statements(KEYCLOAK_PUBLIC_PREFIXES.stream().map(prefix -> path("STARTS_WITH", prefix, PATH_TRANSFORMATIONS)).toList())
                                        .build()).build()).build()).build())).build()).build())
                .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                .visibilityConfig(visibility("KeycloakOutsideAllowList"))
                .build());
        for (String group : List.of("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList")) {
            rules.add(CfnWebACL.RuleProperty.builder()
                    .name(group).priority(rules.size())
                    .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(
                            CfnWebACL.ManagedRuleGroupStatementProperty.builder().vendorName("AWS").name(group).build()).build())
                    .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                    .visibilityConfig(visibility(group))
                    .build());
        }
        rules.add(rateLimit("LoginRateLimit", rules.size(), LOGIN_RATE_LIMIT, CfnWebACL.StatementProperty.builder()
                .orStatement(CfnWebACL.OrStatementProperty.builder().statements(List.of(
                        loginPath("/login-actions/"), loginPath("/protocol/openid-connect/token"))).build())
                .build()));
        rules.add(rateLimit("OverallRateLimit", rules.size(), OVERALL_RATE_LIMIT, null));
        CfnWebACL acl = CfnWebACL.Builder.create(this, "Acl")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("gatehouse"))
                .rules(rules)
                .build();
        CfnWebACLAssociation.Builder.create(this, "Association")
                .resourceArn(loadBalancer.getLoadBalancerArn()).webAclArn(acl.getAttrArn()).build();
    }

    private static CfnWebACL.RuleProperty rateLimit(String name, int priority, int limit, CfnWebACL.StatementProperty scopeDown) {
        return CfnWebACL.RuleProperty.builder()
                .name(name).priority(priority)
                .statement(CfnWebACL.StatementProperty.builder().rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                        .limit(limit).evaluationWindowSec(300).aggregateKeyType("IP").scopeDownStatement(scopeDown).build()).build())
                .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                .visibilityConfig(visibility(name))
                .build();
    }

    /** A login path in any case and encoding: decoded and normalised, then lower-cased. */
    private static CfnWebACL.StatementProperty loginPath(String text) {
        List<String> transformations = new ArrayList<>(PATH_TRANSFORMATIONS);
        transformations.add("LOWERCASE");
        return path("CONTAINS", text, transformations);
    }

    private static CfnWebACL.StatementProperty path(String constraint, String text, List<String> transformations) {
        return CfnWebACL.StatementProperty.builder().byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().uriPath(Map.of()).build())
                .positionalConstraint(constraint).searchString(text)
                .textTransformations(transformations(transformations))
                .build()).build();
    }

    private static List<CfnWebACL.TextTransformationProperty> transformations(List<String> types) {
        List<CfnWebACL.TextTransformationProperty> list = new ArrayList<>();
        for (String type : types) {
            list.add(CfnWebACL.TextTransformationProperty.builder().priority(list.size()).type(type).build());
        }
        return list;
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .metricName(metric).cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).build();
    }
}
