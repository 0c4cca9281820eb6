package io.gatehouse.deploy.edge;

import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * AWS WAF on the load balancer in front of the API and Keycloak: AWS's managed rule groups (common exploits, known
 * bad inputs, IP reputation), a per-address rate limit on everything, and a much lower one on Keycloak's login
 * form and token endpoint, where password guessing and credential stuffing arrive. Keycloak's own brute-force
 * detection still locks accounts; this stops the traffic before it costs a database round trip.
 */
public final class Firewall extends Construct {
    /** Requests per address in 5 minutes. */
    public static final int LOGIN_RATE_LIMIT = 100;
    public static final int OVERALL_RATE_LIMIT = 2000;

    public Firewall(Construct scope, String id, ApplicationLoadBalancer loadBalancer) {
        super(scope, id);
        List<CfnWebACL.RuleProperty> rules = new ArrayList<>();
        for (String group : List.of("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList")) {
            rules.add(CfnWebACL.RuleProperty.builder()
                    .name(group).priority(rules.size())
                    .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(
                            CfnWebACL.ManagedRuleGroupStatementProperty.builder().vendorName("AWS").name(group).build()).build())
                    .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(java.util.Map.of()).build())
                    .visibilityConfig(visibility(group))
                    .build());
        }
        rules.add(rateLimit("LoginRateLimit", rules.size(), LOGIN_RATE_LIMIT, CfnWebACL.StatementProperty.builder()
                .orStatement(CfnWebACL.OrStatementProperty.builder().statements(List.of(
                        pathContains("/login-actions/"), pathContains("/protocol/openid-connect/token"))).build())
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

    private static CfnWebACL.StatementProperty pathContains(String text) {
        return CfnWebACL.StatementProperty.builder().byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().uriPath(java.util.Map.of()).build())
                .positionalConstraint("CONTAINS").searchString(text)
                .textTransformations(List.of(CfnWebACL.TextTransformationProperty.builder().priority(0).type("LOWERCASE").build()))
                .build()).build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .metricName(metric).cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).build();
    }
}
