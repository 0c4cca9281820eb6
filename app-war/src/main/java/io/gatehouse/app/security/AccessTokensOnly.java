package io.gatehouse.app.security;

import io.gatehouse.app.errors.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Keycloak marks what a token is for in its {@code typ} claim; MicroProfile JWT does not look at it, so an ID
 * token or refresh token minted for the API's audience would pass. Only access tokens ("Bearer") may call the
 * API; runs before any resource, so before any Cassandra statement.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AccessTokensOnly implements ContainerRequestFilter {
    static final String ACCESS_TOKEN_TYPE = "Bearer";

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token
                && !ACCESS_TOKEN_TYPE.equals(String.valueOf(token.<Object>getClaim("typ")).replace("\"", ""))) {
            request.abortWith(Problem.response(Response.Status.UNAUTHORIZED, "only access tokens may call this API"));
        }
    }
}
