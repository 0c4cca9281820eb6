package io.gatehouse.launcher;

import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.ldap.LdapSettings;
import io.gatehouse.stack.liberty.LibertySettings;
import io.gatehouse.stack.s3.S3Settings;
import io.gatehouse.stack.web.WebSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What a user of the running stack needs: where each part is, how to sign in, where secrets and logs are. */
record Summary(StackConfig config, List<DemoUser> users) {

    void print(PrintStream out) {
        KeycloakSettings keycloak = KeycloakSettings.of(config);
        LibertySettings liberty = LibertySettings.of(config);
        CassandraSettings cassandra = CassandraSettings.of(config);
        S3Settings s3 = S3Settings.of(config);
        out.println();
        out.println("Gatehouse is running (local use only):");
        line(out, "Web", WebSettings.of(config).url() + "/  (sign in with a demo user below)");
        line(out, "Account", keycloak.issuer() + "/account  (Keycloak's account console)");
        line(out, "API", liberty.apiUrl() + "/me  (Bearer token; OpenAPI at " + liberty.url() + "/openapi/ui)");
        line(out, "Health", liberty.url() + "/health");
        line(out, "Keycloak admin", keycloak.url() + "/admin  user " + keycloak.adminUser()
                + ", password in " + relative(config.secrets().file("keycloak-admin-password")));
        line(out, "Cassandra", cassandra.contactPoints() + "  (datacenter " + cassandra.datacenter() + (cassandra.nodes() > 1 ? ", " + cassandra.nodes() + " nodes" : "") + ")");
        line(out, "LDAP", LdapSettings.of(config).url() + "  (Globex's directory, federated read-only by Keycloak)");
        line(out, "S3", s3.url() + "  bucket " + s3.bucket() + ", access key " + s3.accessKey()
                + ", secret in " + relative(config.secrets().file("s3-secret-key")));
        line(out, "Logs", relative(config.workDir()) + "/<server>/*.log");
        line(out, "Cleanup job", "java -jar cleanup/target/gatehouse-cleanup.jar archive --dry-run  (settings: README, For operators)");
        out.println("  Demo users (password, tenants, admin of, checked by; * a second factor at every sign-in; local use only):");
        for (DemoUser user : users) {
            out.printf("    %-18s %-18s %-13s %-8s %s%n", user.username() + (user.secondFactor() ? " *" : ""), user.password(),
                    String.join(",", user.organizations()), user.adminOf().isEmpty() ? "-" : String.join(",", user.adminOf()), user.source());
        }
        out.println("  Second factors (README, Signing in):");
        out.println("    authenticator app  acme requires one of everyone (*): set up at the first sign-in; any other user: Sign-in methods in the page's header");
        out.println("    recovery codes     any user with a second factor: Sign-in methods; at sign-in, Try another way");
        out.println("    step-up            admin actions need the second factor: open Tenant admin as adam, gus or dora");
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("  %-15s %s%n", label, value);
    }

    private String relative(Path path) {
        return path.startsWith(config.projectDir()) ? config.projectDir().relativize(path).toString() : path.toString();
    }
}
