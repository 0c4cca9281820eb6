package io.gatehouse.app.security;

import io.gatehouse.app.errors.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * RFC 9470: the token is valid but its authentication is too weak for the call. 401 with
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", acr_values="..."}, which tells the client
 * what to ask Keycloak for; the web page signs in again with those {@code acr_values} and retries.
 */
public class StepUpRequired extends ProblemException {
    private static final long serialVersionUID = 1L;
    private final String challenge;

    public StepUpRequired(List<String> acrValues, String tokenAcr) {
        super(Response.Status.UNAUTHORIZED, "admin actions need a second factor: sign in again asking for acr_values \""
                + String.join(" ", acrValues) + "\" (this token has acr \"" + tokenAcr + "\")");
        this.challenge = "Bearer error=\"insufficient_user_authentication\", error_description=\"a second factor is required\", acr_values=\""
                + String.join(" ", acrValues) + "\"";
    }

    @Override
    public Map<String, String> headers() {
        return Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge);
    }
}
