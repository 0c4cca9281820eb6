package io.gatehouse.app.revocation;

import io.gatehouse.app.errors.Problem;
import io.gatehouse.app.security.Caller;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified access token of a session Keycloak has ended (the user signed out, an admin ended it; Keycloak tells
 * the API by back-channel logout) gets 401 on every endpoint, before any resource runs. The answer says why, so the
 * web page can tell the user they were signed out.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 5)
public class RevokedTokensRefused implements ContainerRequestFilter {
    static final String CHALLENGE = "Bearer error=\"invalid_token\", error_description=\"the session has ended\"";
    private volatile RevocationList revocations;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken token
                && revocations().isRevoked(Caller.texts(token, "sid").stream().findFirst().orElse(null), token.getSubject(),
                token.getIssuedAtTime())) {
            request.abortWith(Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED,
                    "this session has ended in Keycloak (signed out, or ended by an admin); sign in again"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
        }
    }

    /**
     * Looked up rather than injected: Liberty's RESTEasy cannot construct CDI-managed filters with an injecting
     * constructor (see {@link io.gatehouse.app.errors.RequestSizeLimit}).
     */
    private RevocationList revocations() {
        RevocationList list = revocations;
        if (list == null) {
            list = CDI.current().select(RevocationList.class).get();
            revocations = list;
        }
        return list;
    }
}
