package io.gatehouse.deploy.edge;

import io.gatehouse.deploy.DeploySettings;
import io.gatehouse.deploy.network.Network;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.XffHeaderProcessingMode;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the internet reaches: CloudFront serving the web front-end from a private bucket (origin access control,
 * the page's security headers), and one HTTPS load balancer for the API ({@code apiDomain}) and Keycloak
 * ({@code authDomain}), guarded by the {@link Firewall}.
 */
public final class Edge extends Construct {
    private final ApplicationLoadBalancer loadBalancer;
    private final ApplicationListener https;
    private final Distribution web;

    public Edge(Construct scope, String id, Network network, DeploySettings settings, Path site) {
        super(scope, id);
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(network.vpc()).internetFacing(true).securityGroup(network.loadBalancer())
                .dropInvalidHeaderFields(true)
                // Appending would keep whatever X-Forwarded-For the caller sent, and Keycloak reads its first address:
                // the client address in Keycloak's events would be the caller's choice. The firewall's per-address
                // limits use the connection's own address.
                .xffHeaderProcessingMode(XffHeaderProcessingMode.REMOVE)
                .build();
        https = loadBalancer.addListener("Https", BaseApplicationListenerProps.builder()
                .port(443).protocol(ApplicationProtocol.HTTPS).sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromArn(settings.certificateArn())))
                .open(false)
                .defaultAction(ListenerAction.fixedResponse(404, FixedResponseOptions.builder()
                        .contentType("application/problem+json").messageBody("{\"status\":404,\"title\":\"Not Found\"}").build()))
                .build());
        new Firewall(this, "Firewall", loadBalancer, settings.authDomain());

        Bucket webBucket = Bucket.Builder.create(this, "WebBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        web = Distribution.Builder.create(this, "Web")
                .comment("Gatehouse web front-end")
                .defaultRootObject("index.html")
                .domainNames(List.of(settings.webDomain()))
                .certificate(Certificate.fromCertificateArn(this, "WebCertificate", settings.webCertificateArn()))
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(webBucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        // gzip or Brotli for scripts, styles and JSON (CDK's default, stated: the page benchmark's bytes assume it)
                        .compress(true)
                        .responseHeadersPolicy(securityHeaders(settings, site))
                        .build())
                .errorResponses(List.of(ErrorResponse.builder().httpStatus(403).responseHttpStatus(404).responsePagePath("/index.html")
                        .ttl(Duration.seconds(10)).build()))
                .build();
        // The built site plus the config.json the page reads at start, with this deployment's URLs.
        BucketDeployment.Builder.create(this, "WebFiles")
                .destinationBucket(webBucket)
                .sources(List.of(Source.asset(site.toString()), Source.jsonData("config.json", Map.of(
                        "keycloakUrl", settings.keycloakUrl(), "realm", DeploySettings.REALM, "clientId", "gatehouse-web", "apiUrl", settings.apiUrl()))))
                .distribution(web)
                .distributionPaths(List.of("/index.html", "/config.json", "/js/*", "/css/*"))
                .memoryLimit(256)
                .build();
    }

    /**
     * The page's response headers as the local web host sends them (web/src/main/security-headers.properties, built
     * beside the site), with this deployment's origins; CloudFront takes four of them as typed settings, the rest as
     * custom headers. HSTS is added here: only the deployment serves HTTPS.
     */
    private ResponseHeadersPolicy securityHeaders(DeploySettings settings, Path site) {
        Map<String, String> headers = SecurityHeaders.read(site.resolveSibling(SecurityHeaders.FILE),
                "https://" + settings.apiDomain(), settings.keycloakUrl());
        ResponseSecurityHeadersBehavior.Builder typed = ResponseSecurityHeadersBehavior.builder()
                .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder().accessControlMaxAge(Duration.days(365))
                        .includeSubdomains(true).override(true).build());
        List<ResponseCustomHeader> custom = new ArrayList<>();
        headers.forEach((name, value) -> {
            switch (name) {
                case "Content-Security-Policy" -> typed.contentSecurityPolicy(
                        ResponseHeadersContentSecurityPolicy.builder().contentSecurityPolicy(value).override(true).build());
                case "X-Content-Type-Options" -> typed.contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build());
                case "X-Frame-Options" -> typed.frameOptions(ResponseHeadersFrameOptions.builder()
                        .frameOption(HeadersFrameOption.valueOf(value)).override(true).build());
                case "Referrer-Policy" -> typed.referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                        .referrerPolicy(HeadersReferrerPolicy.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'))).override(true).build());
                default -> custom.add(ResponseCustomHeader.builder().header(name).value(value).override(true).build());
            }
        });
        return ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("Gatehouse web: CSP and friends")
                .securityHeadersBehavior(typed.build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder().customHeaders(custom).build())
                .build();
    }

    public ApplicationLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    public ApplicationListener https() {
        return https;
    }

    public Distribution web() {
        return web;
    }
}
