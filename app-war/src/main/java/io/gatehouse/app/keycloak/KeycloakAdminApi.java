package io.gatehouse.app.keycloak;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The part of Keycloak's admin REST API that the API uses, called as the {@code gatehouse-tenant-admin} service
 * account: tenant self-service (its fine-grained permissions allow these calls and little else) and the admin events
 * that tell of disabled and deleted users ({@code view-events}). A refusal arrives as a
 * {@link jakarta.ws.rs.WebApplicationException} holding Keycloak's response.
 */
@Path("/admin/realms/{realm}")
@Produces(MediaType.APPLICATION_JSON)
public interface KeycloakAdminApi {

    /** An organization as Keycloak's admin API describes it (the fields used here). */
    record Organization(String id, String alias, String name, Boolean enabled, List<Domain> domains) {
    }

    record Domain(String name) {
    }

    /** A user as Keycloak lists organization and group members (the fields used here). */
    record User(String id, String username, String email, String firstName, String lastName, String membershipType) {
    }

    record Group(String id, String path) {
    }

    /** An organization invitation; times in seconds since the epoch. */
    record Invitation(String id, String email, String firstName, String lastName, long sentDate, long expiresAt, String status) {
    }

    /** An admin event (the fields used here): {@code time} in epoch milliseconds, {@code resourcePath} such as users/{id}. */
    record AdminEvent(long time, String operationType, String resourceType, String resourcePath) {
    }

    /** A user's state (the fields used here). */
    record UserState(String id, Boolean enabled) {
    }

    /** Admin events from {@code dateFrom} (epoch milliseconds) on, oldest first. */
    @GET
    @Path("/admin-events")
    List<AdminEvent> adminEvents(@PathParam("realm") String realm, @QueryParam("resourceTypes") List<String> resourceTypes,
                                 @QueryParam("operationTypes") List<String> operationTypes, @QueryParam("dateFrom") long dateFrom,
                                 @QueryParam("direction") String direction, @QueryParam("first") int first, @QueryParam("max") int max);

    @GET
    @Path("/users/{user}")
    UserState user(@PathParam("realm") String realm, @PathParam("user") String user);

    @GET
    @Path("/organizations")
    List<Organization> organizations(@PathParam("realm") String realm, @QueryParam("search") String search,
                                     @QueryParam("first") int first, @QueryParam("max") int max);

    @GET
    @Path("/organizations/{organization}")
    Organization organization(@PathParam("realm") String realm, @PathParam("organization") String organization);

    @GET
    @Path("/organizations/{organization}/members")
    List<User> members(@PathParam("realm") String realm, @PathParam("organization") String organization,
                       @QueryParam("first") int first, @QueryParam("max") int max);

    @GET
    @Path("/organizations/{organization}/members/{user}")
    User member(@PathParam("realm") String realm, @PathParam("organization") String organization, @PathParam("user") String user);

    @POST
    @Path("/organizations/{organization}/members/invite-user")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    void invite(@PathParam("realm") String realm, @PathParam("organization") String organization, @FormParam("email") String email,
                @FormParam("firstName") String firstName, @FormParam("lastName") String lastName);

    @GET
    @Path("/organizations/{organization}/invitations")
    List<Invitation> invitations(@PathParam("realm") String realm, @PathParam("organization") String organization,
                                 @QueryParam("status") String status, @QueryParam("first") int first, @QueryParam("max") int max);

    /** Sends the invitation again with a new link (Keycloak replaces it), for one that was lost or has expired. */
    @POST
    @Path("/organizations/{organization}/invitations/{invitation}/resend")
    void resendInvitation(@PathParam("realm") String realm, @PathParam("organization") String organization,
                          @PathParam("invitation") String invitation);

    @DELETE
    @Path("/organizations/{organization}/invitations/{invitation}")
    void cancelInvitation(@PathParam("realm") String realm, @PathParam("organization") String organization,
                          @PathParam("invitation") String invitation);

    @DELETE
    @Path("/organizations/{organization}/members/{user}")
    void removeMember(@PathParam("realm") String realm, @PathParam("organization") String organization, @PathParam("user") String user);

    @GET
    @Path("/group-by-path/tenants/{tenant}/admin")
    Group adminGroup(@PathParam("realm") String realm, @PathParam("tenant") String tenant);

    @GET
    @Path("/groups/{group}/members")
    List<User> groupMembers(@PathParam("realm") String realm, @PathParam("group") String group, @QueryParam("first") int first,
                            @QueryParam("max") int max, @QueryParam("briefRepresentation") boolean brief);

    @PUT
    @Path("/users/{user}/groups/{group}")
    void joinGroup(@PathParam("realm") String realm, @PathParam("user") String user, @PathParam("group") String group);

    @DELETE
    @Path("/users/{user}/groups/{group}")
    void leaveGroup(@PathParam("realm") String realm, @PathParam("user") String user, @PathParam("group") String group);
}
