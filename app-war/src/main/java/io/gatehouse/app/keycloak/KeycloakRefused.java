package io.gatehouse.app.keycloak;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.io.StringReader;

/** A refusal from Keycloak's admin API or token endpoint, with Keycloak's own one-line reason read while the response is still open. */
public final class KeycloakRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    KeycloakRefused(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Turns every answer of 400 or more into a {@link KeycloakRefused}; registered on the REST clients. */
    static final class Mapper implements ResponseExceptionMapper<KeycloakRefused> {
        @Override
        public KeycloakRefused toThrowable(Response response) {
            return new KeycloakRefused(response.getStatus(), reason(response));
        }
    }

    /** Keycloak's {@code errorMessage} or {@code error_description}, or the status alone. */
    private static String reason(Response response) {
        try {
            String body = response.readEntity(String.class);
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                JsonObject json = reader.readObject();
                return json.getString("errorMessage", json.getString("error_description", json.getString("error", "HTTP " + response.getStatus())));
            }
        } catch (RuntimeException notJson) {
            return "HTTP " + response.getStatus();
        }
    }
}
