package io.gatehouse.stack.keycloak;

import io.gatehouse.realm.AdminSignIn;
import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.Settings;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.ldap.LdapSettings;
import io.gatehouse.stack.liberty.LibertySettings;
import io.gatehouse.stack.mail.MailSettings;
import io.gatehouse.stack.web.WebSettings;
import org.keycloak.admin.client.Keycloak;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where Keycloak listens, how many nodes it runs, its admin, and the values the realm files' placeholders take on this
 * stack. One node listens on the stack's host; a cluster's load balancer takes the stack's host and port (the URL users
 * and tokens know), and its node n listens on 127.0.0.(n+1), every node on the same HTTP, management and cluster ports.
 */
public record KeycloakSettings(StackConfig stack, int port, int managementPort, int clusterPort, int nodes) implements ServerSettings {
    public static final int MAX_NODES = 3;

    public static KeycloakSettings of(StackConfig stack) {
        int nodes = stack.settings().getInt("gatehouse.keycloak.nodes", stack.topology().keycloakNodes());
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("gatehouse.keycloak.nodes (GATEHOUSE_KEYCLOAK_NODES) must be 1 to " + MAX_NODES + ", got " + nodes);
        }
        if (nodes > 1 && !stack.host().equals("127.0.0.1")) {
            throw new IllegalArgumentException("a Keycloak cluster of " + nodes + " nodes runs on 127.0.0.2 to 127.0.0." + (nodes + 1)
                    + " behind a load balancer on 127.0.0.1; gatehouse.host is " + stack.host());
        }
        return new KeycloakSettings(stack, stack.port("gatehouse.keycloak.port", 18080), stack.port("gatehouse.keycloak.management-port", 19000),
                stack.port("gatehouse.keycloak.cluster-port", 17800), nodes);
    }

    /** Where node n (1 to {@link #nodes()}) listens: the stack's host for a single node. */
    public String host(int node) {
        return nodes == 1 ? stack.host() : "127.0.0." + (node + 1);
    }

    /** Keycloak's folder in the work folder: the data version, the build log; a single node's log. */
    public Path workDir() {
        return stack.workDir().resolve("keycloak");
    }

    /** Where node n keeps its log (and, in a cluster, its transaction log). */
    public Path nodeDir(int node) {
        return nodes == 1 ? workDir() : workDir().resolve("node" + node);
    }

    /** Node n's own HTTP address, behind the load balancer in a cluster. */
    public URI nodeUrl(int node) {
        return URI.create("http://" + host(node) + ":" + port);
    }

    /** Node n's readiness check on its management interface. */
    public URI readiness(int node) {
        return URI.create("http://" + host(node) + ":" + managementPort + "/health/ready");
    }

    /** Node n's Prometheus metrics on its management interface. */
    public URI metrics(int node) {
        return URI.create("http://" + host(node) + ":" + managementPort + "/metrics");
    }

    @Override
    public Map<String, Integer> ports() {
        return nodes == 1 ? Map.of("gatehouse.keycloak.port", port, "gatehouse.keycloak.management-port", managementPort)
                : Map.of("gatehouse.keycloak.port", port);
    }

    public String url() {
        return stack.url(port);
    }

    public String issuer() {
        return url() + "/realms/" + StackConfig.REALM;
    }

    /** Where the realm publishes its signing keys (what the API's mpJwt fetches). */
    public String jwksUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String adminUser() {
        return stack.settings().get("gatehouse.keycloak.admin-user", "admin");
    }

    public String adminPassword() {
        return stack.secret("gatehouse.keycloak.admin-password", "keycloak-admin-password");
    }

    /** A master-realm admin's client for the admin API; close it when done. */
    public Keycloak admin() {
        return AdminSignIn.asUser(url(), "master", adminUser(), adminPassword());
    }

    /** The secret of the realm's service-account client on this stack. */
    public String serviceClientSecret() {
        return stack.secret("gatehouse.service.client-secret", "service-client-secret");
    }

    /** The secret of the client whose service account the API uses for tenant self-service (Keycloak's admin API). */
    public String tenantAdminClientSecret() {
        return stack.secret("gatehouse.tenant-admin.client-secret", "tenant-admin-client-secret");
    }

    /**
     * Whether the stack lets the realm take an authenticator code again within its period: the tests' stacks only (the
     * build sets {@code gatehouse.keycloak.otp-code-reusable}), which sign the same acme users in many times a
     * minute, more than the three codes a period the realm otherwise takes. The realm files leave the setting to
     * Keycloak's default (a code works once), so this is no drift for the realm CLI.
     */
    public boolean otpCodeReusable() {
        return otpCodeReusable(stack.settings());
    }

    /** {@link #otpCodeReusable()} from the settings alone, for the tests' {@link AuthenticatorApp}. */
    static boolean otpCodeReusable(Settings settings) {
        return Boolean.parseBoolean(settings.get("gatehouse.keycloak.otp-code-reusable", "false"));
    }

    /** Values of the realm files' {@code ${NAME}} placeholders on this stack. */
    public Map<String, String> realmPlaceholders() {
        LdapSettings ldap = LdapSettings.of(stack);
        return Map.of("GATEHOUSE_WEB_URL", WebSettings.of(stack).url(), "GATEHOUSE_KEYCLOAK_URL", url(),
                // Where Keycloak posts back-channel logout tokens: the API, which then refuses the session's tokens.
                "GATEHOUSE_API_URL", LibertySettings.of(stack).url(),
                "GATEHOUSE_SERVICE_CLIENT_SECRET", serviceClientSecret(),
                // The secret the demo company's identity provider (realm initech-idp) shares with gatehouse, its broker.
                "GATEHOUSE_BROKER_CLIENT_SECRET", stack.secret("gatehouse.broker.client-secret", "broker-client-secret"),
                "GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET", tenantAdminClientSecret(),
                "GATEHOUSE_LDAP_URL", ldap.url(), "GATEHOUSE_LDAP_BIND_PASSWORD", ldap.bindPassword(),
                "GATEHOUSE_SMTP_HOST", stack.host(), "GATEHOUSE_SMTP_PORT", Integer.toString(MailSettings.of(stack).smtpPort()));
    }
}
