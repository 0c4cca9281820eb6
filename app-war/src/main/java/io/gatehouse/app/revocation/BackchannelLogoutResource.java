package io.gatehouse.app.revocation;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Keycloak's OIDC Back-Channel Logout endpoint for the web client: when a user signs out, an admin ends their
 * sessions or a session expires, Keycloak posts a logout token here, and the API refuses that session's access tokens
 * from then on instead of until they expire. No bearer token: the logout token is its own proof.
 */
@Path("/backchannel-logout")
@RequestScoped
@PermitAll
public class BackchannelLogoutResource {
    private final LogoutTokens tokens;
    private final RevocationList revocations;

    @Inject
    public BackchannelLogoutResource(LogoutTokens tokens, RevocationList revocations) {
        this.tokens = tokens;
        this.revocations = revocations;
    }

    /** For CDI's proxy only. */
    protected BackchannelLogoutResource() {
        this.tokens = null;
        this.revocations = null;
    }

    /** 200 once the revocation is stored; 400 for a token that fails a check; 503 while Cassandra is down (Keycloak logs it). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(Form form) {
        // The form as the body, not @FormParam: those come from the servlet's parameters, which find the body already
        // read once a request filter (the size limit) has looked at the entity.
        revocations.revoke(tokens.verify(form == null ? null : form.asMap().getFirst("logout_token")));
        return Response.ok().header("Cache-Control", "no-store").build();
    }
}
