package io.gatehouse.app.members;

import io.gatehouse.app.Roles;
import io.gatehouse.app.errors.InputValidation;
import io.gatehouse.app.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Tenant self-service: a tenant admin lists the organization's members, invites people by e-mail, removes members
 * and grants or takes away the admin right. Every call needs the admin right in the token's tenant.
 */
@Path("/admin/members")
@RequestScoped
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class MembersResource {
    static final int MAX_CURSOR = 1_000_000;
    private final Caller caller;
    private final TenantMembers members;
    private final InputValidation validation;

    @Inject
    public MembersResource(Caller caller, TenantMembers members, InputValidation validation) {
        this.caller = caller;
        this.members = members;
        this.validation = validation;
    }

    /** For CDI's proxy only. */
    protected MembersResource() {
        this.caller = null;
        this.members = null;
        this.validation = null;
    }

    /** A page of members in Keycloak's order; {@code cursor} is the {@code next} of the page before. */
    @GET
    public TenantMembers.Page list(@QueryParam("cursor") @DefaultValue("0") String cursor, @QueryParam("limit") @DefaultValue("50") String limit) {
        String tenant = caller.administeredTenant();
        return members.list(tenant, InputValidation.wholeNumber("cursor", cursor, 0, MAX_CURSOR),
                InputValidation.wholeNumber("limit", limit, 1, TenantMembers.MAX_PAGE));
    }

    /** 202: Keycloak has sent the invitation; the person becomes a member when they follow its link. */
    @POST
    @Path("/invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(Invitation invitation) {
        String tenant = caller.administeredTenant();
        members.invite(tenant, validation.valid(invitation));
        return Response.accepted().build();
    }

    /** Invitations nobody has accepted yet (expired ones too, to send again). */
    @GET
    @Path("/invitations")
    public TenantMembers.Invitations invitations() {
        return members.invitations(caller.administeredTenant());
    }

    /** 202: Keycloak has sent the invitation again, with a new link; the old link stops working. */
    @POST
    @Path("/invitations/{id}/resend")
    public Response resendInvitation(@PathParam("id") String id) {
        members.resendInvitation(caller.administeredTenant(), id);
        return Response.accepted().build();
    }

    @DELETE
    @Path("/invitations/{id}")
    public Response cancelInvitation(@PathParam("id") String id) {
        members.cancelInvitation(caller.administeredTenant(), id);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}")
    public Response remove(@PathParam("id") String id) {
        members.remove(caller.administeredTenant(), id, caller.subject());
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/admin")
    public Response grantAdmin(@PathParam("id") String id) {
        members.grantAdmin(caller.administeredTenant(), id);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/admin")
    public Response revokeAdmin(@PathParam("id") String id) {
        members.revokeAdmin(caller.administeredTenant(), id, caller.subject());
        return Response.noContent().build();
    }
}
