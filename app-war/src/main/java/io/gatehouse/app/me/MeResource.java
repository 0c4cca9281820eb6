package io.gatehouse.app.me;

import io.gatehouse.app.Roles;
import io.gatehouse.app.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Set;

/** The caller as the token says. */
@Path("/me")
@RequestScoped
public class MeResource {
    private final Caller caller;

    @Inject
    public MeResource(Caller caller) {
        this.caller = caller;
    }

    /** For CDI's proxy only. */
    protected MeResource() {
        this.caller = null;
    }

    /** {@code tenantAdmin}: whether the caller is admin of the organization the token names (the admin view's right). */
    public record Me(String subject, String username, List<String> organizations, Set<String> roles, boolean tenantAdmin) {
    }

    @GET
    @RolesAllowed(Roles.USER)
    @Produces(MediaType.APPLICATION_JSON)
    public Me me() {
        return new Me(caller.subject(), caller.username(), caller.organizations(), caller.roles(), caller.isTenantAdmin());
    }
}
