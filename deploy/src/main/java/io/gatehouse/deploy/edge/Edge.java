package io.gatehouse.deploy.edge;

import io.gatehouse.deploy.DeploySettings;
import io.gatehouse.deploy.network.Network;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    private final Bucket webBucket;

    public Edge(Construct scope, String id, Network network, DeploySettings settings, Path site) {
        super(scope, id);
        loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
                .vpc(network.vpc()).internetFacing(true).securityGroup(network.loadBalancer())
                .dropInvalidHeaderFields(true).build();
        https = loadBalancer.addListener("Https", software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps.builder()
                .port(443).protocol(ApplicationProtocol.HTTPS).sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromArn(settings.certificateArn())))
                .open(false)
                .defaultAction(ListenerAction.fixedResponse(404, software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions.builder()
                        .contentType("application/problem+json").messageBody("{\"status\":404,\"title\":\"Not Found\"}").build()))
                .build());
        new Firewall(this, "Firewall", loadBalancer);

        webBucket = Bucket.Builder.create(this, "WebBucket")
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
                        .responseHeadersPolicy(securityHeaders(settings))
                        .build())
                .errorResponses(List.of(ErrorResponse.builder().httpStatus(403).responseHttpStatus(404).responsePagePath("/index.html")
                        .ttl(Duration.seconds(10)).build()))
                .build();
        if (Files.isRegularFile(site.resolve("index.html"))) {
            // The built site plus the config.json the page reads at start, with this deployment's URLs.
            BucketDeployment.Builder.create(this, "WebFiles")
                    .destinationBucket(webBucket)
                    .sources(List.of(Source.asset(site.toString()), Source.jsonData("config.json", Map.of(
                            "keycloakUrl", settings.keycloakUrl(), "realm", "gatehouse", "clientId", "gatehouse-web", "apiUrl", settings.apiUrl()))))
                    .distribution(web)
                    .distributionPaths(List.of("/index.html", "/config.json", "/js/*", "/css/*"))
                    .memoryLimit(256)
                    .build();
        }
    }

    /** The same headers the local web host sends (stack/.../web/WebServer.java), so the page runs under the same rules. */
    private ResponseHeadersPolicy securityHeaders(DeploySettings settings) {
        String connect = "'self' https://" + settings.apiDomain() + " " + settings.keycloakUrl();
        return ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("Gatehouse web: CSP and friends")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder().override(true).contentSecurityPolicy(
                                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src " + connect
                                        + "; frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'").build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.DENY).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder().referrerPolicy(HeadersReferrerPolicy.NO_REFERRER).override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder().accessControlMaxAge(Duration.days(365))
                                .includeSubdomains(true).override(true).build())
                        .build())
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

    public Bucket webBucket() {
        return webBucket;
    }
}
