package io.gatehouse.realm;

import org.keycloak.admin.client.Keycloak;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How the CLI signs in to Keycloak's admin API: as an admin user (password grant of {@code admin-cli}) or as a
 * service account (client credentials) that needs only the realm-management roles. Secrets come from files or
 * environment variables, never from the command line, where other users of the machine could read them.
 */
final class KeycloakConnection {
    @Option(names = "--url", defaultValue = "${env:GATEHOUSE_KEYCLOAK_URL:-http://127.0.0.1:18080}",
            description = "Keycloak's base URL (env GATEHOUSE_KEYCLOAK_URL; default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--auth-realm", defaultValue = "master", description = "realm to sign in to (default ${DEFAULT-VALUE})")
    String authRealm;

    @Option(names = "--user", defaultValue = "${env:KEYCLOAK_ADMIN_USER:-admin}", description = "admin user (env KEYCLOAK_ADMIN_USER; default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password-file", description = "file holding the admin password (else env KEYCLOAK_ADMIN_PASSWORD)")
    Path passwordFile;

    @Option(names = "--client-id", description = "sign in as this service-account client instead of a user")
    String clientId;

    @Option(names = "--client-secret-file", description = "file holding the client secret (else env KEYCLOAK_CLIENT_SECRET)")
    Path clientSecretFile;

    /** True for a Keycloak on a loopback address: the local stack, where demo files belong. */
    boolean onThisMachine() {
        try {
            String host = URI.create(url).getHost();
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }

    Keycloak open(Map<String, String> environment) {
        if (clientId != null) {
            return AdminSignIn.asClient(url, authRealm, clientId, secret(clientSecretFile, "KEYCLOAK_CLIENT_SECRET", "--client-secret-file", environment));
        }
        return AdminSignIn.asUser(url, authRealm, user, secret(passwordFile, "KEYCLOAK_ADMIN_PASSWORD", "--password-file", environment));
    }

    private static String secret(Path file, String variable, String option, Map<String, String> environment) {
        if (file != null) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no secret: pass " + option + " or set " + variable);
        }
        return value;
    }
}
