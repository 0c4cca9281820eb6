package io.gatehouse.launcher;

import io.gatehouse.stack.StackConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What a user of the running stack needs: where each part is, how to sign in, where secrets and logs are. */
record Summary(StackConfig config, List<DemoUser> users) {

    void print(PrintStream out) {
        out.println();
        out.println("Gatehouse is running (local use only):");
        line(out, "Web", config.webUrl() + "/  (sign in with a demo user below)");
        line(out, "Account", config.issuer() + "/account  (Keycloak's account console)");
        line(out, "API", config.apiUrl() + "/me  (Bearer token; OpenAPI at http://" + config.host() + ":" + config.libertyPort() + "/openapi/ui)");
        line(out, "Health", "http://" + config.host() + ":" + config.libertyPort() + "/health");
        line(out, "Keycloak admin", config.keycloakUrl() + "/admin  user " + config.keycloakAdminUser()
                + ", password in " + relative(config.secrets().file("keycloak-admin-password")));
        line(out, "Cassandra", config.host() + ":" + config.cassandraPort() + "  (datacenter " + config.cassandraDatacenter() + ")");
        line(out, "LDAP", config.ldapUrl() + "  (Globex's directory, federated read-only by Keycloak)");
        line(out, "S3", config.s3Url() + "  bucket " + config.s3Bucket() + ", access key " + config.s3AccessKey()
                + ", secret in " + relative(config.secrets().file("s3-secret-key")));
        line(out, "Logs", relative(config.workDir()) + "/<server>/*.log");
        line(out, "Cleanup job", "java -jar cleanup/target/gatehouse-cleanup.jar archive --dry-run  (settings: README, For operators)");
        out.println("  Demo users (password, tenants, admin of, checked by; local use only):");
        for (DemoUser user : users) {
            out.printf("    %-18s %-18s %-13s %-8s %s%n", user.username(), user.password(), String.join(",", user.organizations()),
                    user.adminOf().isEmpty() ? "-" : String.join(",", user.adminOf()), user.source());
        }
    }

    private static void line(PrintStream out, String label, String value) {
        out.printf("  %-15s %s%n", label, value);
    }

    private String relative(Path path) {
        return path.startsWith(config.projectDir()) ? config.projectDir().relativize(path).toString() : path.toString();
    }
}
