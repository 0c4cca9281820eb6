package io.gatehouse.realm;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Keycloak answered a call of the realm sync with an error. The message is one line naming the realm and the
 * resource the call was about, and what Keycloak answered (status and body), so that a refused apply says which
 * object to look at instead of a bare "HTTP 400 Bad Request".
 */
public final class KeycloakRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 300;

    KeycloakRefusal(String resource, int status, String answer) {
        super(resource + ": Keycloak answered HTTP " + status + (answer.isEmpty() ? "" : " " + answer));
    }

    private KeycloakRefusal(String message) {
        super(message);
    }

    static KeycloakRefusal of(String resource, WebApplicationException error) {
        return new KeycloakRefusal(resource, error.getResponse().getStatus(), body(error.getResponse()));
    }

    /** A refusal already names its resource and gets the realm in front; any other answer of Keycloak is named here. */
    static RuntimeException naming(String realm, String resource, RuntimeException error) {
        if (error instanceof KeycloakRefusal refusal) {
            return refusal.getMessage().startsWith(realm + ": ") ? refusal : new KeycloakRefusal(realm + ": " + refusal.getMessage());
        }
        if (error instanceof WebApplicationException web) {
            return of(realm + ": " + resource, web);
        }
        return error;
    }

    static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() > MAX_BODY ? line.substring(0, MAX_BODY) + "…" : line;
    }

    private static String body(Response response) {
        try {
            return oneLine(response.readEntity(String.class));
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
