package io.gatehouse.deploy.network;

import io.gatehouse.deploy.DeploySettings;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The VPC and one security group per part, each allowing only the connections that part makes or takes. Every
 * group starts with no outbound rule; the rules below are the whole picture (deploy/README.md draws it).
 * Outbound HTTPS to AWS APIs (ECR, CloudWatch Logs, Secrets Manager, via the NAT gateway) is allowed where a
 * task needs it; S3 goes through a gateway endpoint that stays inside AWS's network.
 */
public final class Network extends Construct {
    public static final int API_PORT = 9080;
    public static final int KEYCLOAK_PORT = 8080;
    public static final int KEYCLOAK_MANAGEMENT_PORT = 9000;
    /** Keycloak's cluster traffic (Infinispan over JGroups, members found through the database: jdbc-ping). */
    public static final int KEYCLOAK_CLUSTER_PORT = 7800;
    public static final int CQL_PORT = 9042;
    public static final int CASSANDRA_STORAGE_PORT = 7000;
    public static final int POSTGRES_PORT = 5432;
    private final Vpc vpc;
    private final SecurityGroup loadBalancer;
    private final SecurityGroup api;
    private final SecurityGroup keycloak;
    private final SecurityGroup database;
    private final SecurityGroup cassandra;
    private final SecurityGroup cleanup;

    public Network(Construct scope, String id, DeploySettings settings) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr("10.20.0.0/16"))
                .maxAzs(3)
                .natGateways(settings.size().natGateways)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("services").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(22).build(),
                        SubnetConfiguration.builder().name("data").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(24).build()))
                .gatewayEndpoints(Map.of("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build()))
                .build();

        loadBalancer = group("LoadBalancer", "the public load balancer: HTTPS in, to the API and Keycloak only");
        api = group("Api", "the records API (Liberty): from the load balancer; to Cassandra, Keycloak (keys, admin API) and AWS APIs");
        keycloak = group("Keycloak", "Keycloak: from the load balancer and the API; to PostgreSQL and its cluster peers");
        database = group("Database", "PostgreSQL of Keycloak: from Keycloak and the cleanup task only");
        cassandra = group("Cassandra", "Cassandra nodes: CQL from the API and the cleanup task, gossip among themselves");
        cleanup = group("Cleanup", "the cleanup task: to Cassandra, PostgreSQL, S3 and AWS APIs; nothing in");

        loadBalancer.addIngressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS from browsers and clients");
        connect(loadBalancer, api, API_PORT, "requests to the API");
        connect(loadBalancer, keycloak, KEYCLOAK_PORT, "login pages and token endpoint");
        connect(loadBalancer, keycloak, KEYCLOAK_MANAGEMENT_PORT, "health checks");
        connect(api, cassandra, CQL_PORT, "CQL");
        connect(api, keycloak, KEYCLOAK_PORT, "signing keys; admin API for tenant self-service");
        connect(keycloak, database, POSTGRES_PORT, "Keycloak's database");
        connect(keycloak, keycloak, KEYCLOAK_CLUSTER_PORT, "Keycloak cluster (JGroups)");
        connect(cassandra, cassandra, CASSANDRA_STORAGE_PORT, "Cassandra gossip and streaming");
        connect(cleanup, cassandra, CQL_PORT, "archive records");
        connect(cleanup, database, POSTGRES_PORT, "archive Keycloak events");
        for (SecurityGroup group : List.of(api, keycloak, cassandra, cleanup)) {
            group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs (ECR, logs, Secrets Manager, S3) and package mirrors");
        }
    }

    /** CloudFormation refuses a security group description outside this character set (no apostrophe, say). */
    public static final String DESCRIPTION_CHARACTERS = "^[a-zA-Z0-9. _\\-:/()#,@\\[\\]+=&;{}!$*]*$";

    private SecurityGroup group(String id, String description) {
        return SecurityGroup.Builder.create(this, id).vpc(vpc).description(description).allowAllOutbound(false).build();
    }

    private static void connect(SecurityGroup from, SecurityGroup to, int port, String what) {
        to.addIngressRule(from, Port.tcp(port), what);
        from.addEgressRule(to, Port.tcp(port), what);
    }

    public Vpc vpc() {
        return vpc;
    }

    public SubnetSelection services() {
        return SubnetSelection.builder().subnetGroupName("services").build();
    }

    public SubnetSelection data() {
        return SubnetSelection.builder().subnetGroupName("data").build();
    }

    public SecurityGroup loadBalancer() {
        return loadBalancer;
    }

    public SecurityGroup api() {
        return api;
    }

    public SecurityGroup keycloak() {
        return keycloak;
    }

    public SecurityGroup database() {
        return database;
    }

    public SecurityGroup cassandra() {
        return cassandra;
    }

    public SecurityGroup cleanup() {
        return cleanup;
    }
}
