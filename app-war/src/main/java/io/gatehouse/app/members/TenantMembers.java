package io.gatehouse.app.members;

import io.gatehouse.app.errors.ProblemException;
import io.gatehouse.app.keycloak.KeycloakAdmin;
import io.gatehouse.app.keycloak.KeycloakAdminApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A tenant's people, kept in Keycloak: the organization's members, its invitations and its admin group
 * ({@code /tenants/<alias>/admin}). The tenant always comes from the caller's verified token; every member named by a
 * request is checked to be a member of that organization before anything is changed.
 */
@ApplicationScoped
public class TenantMembers {
    public static final int MAX_PAGE = 100;
    /** More admins than this in one tenant is not a case the admin flags are computed for. */
    static final int MAX_ADMINS = 1000;
    private static final Logger LOG = Logger.getLogger(TenantMembers.class.getName());
    /** Keycloak's ids: UUIDs, or a storage provider's {@code f:<provider>:<id>}. Nothing that could reshape a path. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9:-]{1,100}");
    /** One address, loosely: Keycloak checks the format again; this keeps the domain check honest. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@([A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})+)");
    private final KeycloakAdmin keycloak;
    private final boolean inviteOutsideDomains;

    @Inject
    public TenantMembers(KeycloakAdmin keycloak,
                         @ConfigProperty(name = "gatehouse.members.invite-outside-domains", defaultValue = "false") boolean inviteOutsideDomains) {
        this.keycloak = keycloak;
        this.inviteOutsideDomains = inviteOutsideDomains;
    }

    /** For CDI's proxy only. */
    protected TenantMembers() {
        this.keycloak = null;
        this.inviteOutsideDomains = false;
    }

    public record Member(String id, String username, String email, String firstName, String lastName, boolean admin, boolean managed) {
    }

    /** An invitation not accepted yet: sent, and valid until {@code expiresAt} (or expired, and worth sending again). */
    public record PendingInvitation(String id, String email, String firstName, String lastName, Instant sentAt, Instant expiresAt,
                                    boolean expired) {
    }

    public record Invitations(List<PendingInvitation> items) {
    }

    /** One page of members; {@code next} is the cursor of the following page, or null on the last one. */
    public record Page(List<Member> items, String next) {
    }

    public Page list(String tenant, int offset, int limit) {
        KeycloakAdminApi.Organization organization = organization(tenant);
        Set<String> admins = adminIds(adminGroup(tenant));
        // One more than asked, to know whether a next page exists.
        List<KeycloakAdminApi.User> users = keycloak.call(api -> api.members(keycloak.realm(), organization.id(), offset, limit + 1), "list members");
        List<Member> items = users.stream().limit(limit).map(user -> new Member(user.id(), user.username(), user.email(), user.firstName(),
                user.lastName(), admins.contains(user.id()), "MANAGED".equals(user.membershipType()))).toList();
        return new Page(items, users.size() > limit ? Integer.toString(offset + limit) : null);
    }

    /** Sends Keycloak's invitation mail: a registration link for a new address, a join link for an existing user. */
    public void invite(String tenant, Invitation invitation) {
        KeycloakAdminApi.Organization organization = organization(tenant);
        String email = invitation.email() == null ? "" : invitation.email().trim().toLowerCase(Locale.ROOT);
        var address = EMAIL.matcher(email);
        if (!address.matches()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "email: not an e-mail address");
        }
        List<String> domains = organization.domains() == null ? List.of()
                : organization.domains().stream().map(domain -> domain.name().toLowerCase(Locale.ROOT)).toList();
        if (!inviteOutsideDomains && !domains.contains(address.group(1))) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "email: " + address.group(1) + " is not a domain of organization " + tenant
                    + " (" + String.join(", ", domains) + "); this deployment invites only addresses of the organization's domains");
        }
        keycloak.run(api -> api.invite(keycloak.realm(), organization.id(), email, invitation.firstName(), invitation.lastName()), "invite " + email);
        LOG.info(() -> "invitation to organization " + tenant + " sent");
    }

    /** The organization's invitations nobody has accepted yet, newest first (at most {@link #MAX_PAGE}). */
    public Invitations invitations(String tenant) {
        KeycloakAdminApi.Organization organization = organization(tenant);
        List<PendingInvitation> items = keycloak.call(api -> api.invitations(keycloak.realm(), organization.id(), null, 0, MAX_PAGE), "list invitations")
                .stream()
                .map(invitation -> new PendingInvitation(invitation.id(), invitation.email(), invitation.firstName(), invitation.lastName(),
                        Instant.ofEpochSecond(invitation.sentDate()), Instant.ofEpochSecond(invitation.expiresAt()), "EXPIRED".equals(invitation.status())))
                .sorted(Comparator.comparing(PendingInvitation::sentAt).reversed())
                .toList();
        return new Invitations(items);
    }

    /** Sends an invitation again (a lost mail, an expired link): Keycloak replaces it with a new one. */
    public void resendInvitation(String tenant, String invitationId) {
        KeycloakAdminApi.Organization organization = organization(tenant);
        String id = requireId(invitationId, "invitation", tenant);
        keycloak.run(api -> api.resendInvitation(keycloak.realm(), organization.id(), id), "send the invitation again");
    }

    /** Withdraws an invitation: its link stops working. Keycloak answers 404 for one of another organization. */
    public void cancelInvitation(String tenant, String invitationId) {
        KeycloakAdminApi.Organization organization = organization(tenant);
        String id = requireId(invitationId, "invitation", tenant);
        keycloak.run(api -> api.cancelInvitation(keycloak.realm(), organization.id(), id), "withdraw the invitation");
    }

    /** Removes a member from the organization (and from its admin group first); the last admin cannot remove themselves. */
    public void remove(String tenant, String memberId, String callerId) {
        KeycloakAdminApi.Organization organization = organization(tenant);
        requireMember(organization, memberId);
        KeycloakAdminApi.Group admins = adminGroup(tenant);
        Set<String> adminIds = adminIds(admins);
        if (adminIds.contains(memberId)) {
            requireAnotherAdmin(tenant, adminIds, memberId, callerId, "remove yourself from");
            keycloak.run(api -> api.leaveGroup(keycloak.realm(), memberId, admins.id()), "take the admin right away");
        }
        keycloak.run(api -> api.removeMember(keycloak.realm(), organization.id(), memberId), "remove the member");
    }

    public void grantAdmin(String tenant, String memberId) {
        requireMember(organization(tenant), memberId);
        KeycloakAdminApi.Group admins = adminGroup(tenant);
        keycloak.run(api -> api.joinGroup(keycloak.realm(), memberId, admins.id()), "grant the admin right");
    }

    /** Takes the admin right away; the last admin cannot take their own away (the tenant would have none left). */
    public void revokeAdmin(String tenant, String memberId, String callerId) {
        requireMember(organization(tenant), memberId);
        KeycloakAdminApi.Group admins = adminGroup(tenant);
        requireAnotherAdmin(tenant, adminIds(admins), memberId, callerId, "give up the admin right of");
        keycloak.run(api -> api.leaveGroup(keycloak.realm(), memberId, admins.id()), "take the admin right away");
    }

    private static void requireAnotherAdmin(String tenant, Set<String> admins, String memberId, String callerId, String action) {
        if (memberId.equals(callerId) && admins.contains(callerId) && admins.size() == 1) {
            throw new ProblemException(Response.Status.CONFLICT, "you are the last admin of organization " + tenant
                    + ": make another member admin before you " + action + " it");
        }
    }

    private void requireMember(KeycloakAdminApi.Organization organization, String memberId) {
        requireId(memberId, "member", organization.alias());
        // Keycloak answers 404 for a user who is not a member of this organization (or does not exist).
        keycloak.call(api -> api.member(keycloak.realm(), organization.id(), memberId), "find the member");
    }

    /** An id as Keycloak makes them, or a 404: nothing else is put into a path of Keycloak's API. */
    private static String requireId(String id, String what, String tenant) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ProblemException(Response.Status.NOT_FOUND, "no such " + what + " in organization " + tenant);
        }
        return id;
    }

    /** The organization of this alias; Keycloak's search matches names and domains, so the alias is compared here. */
    private KeycloakAdminApi.Organization organization(String tenant) {
        for (int first = 0; ; first += MAX_PAGE) {
            int from = first;
            List<KeycloakAdminApi.Organization> page = keycloak.call(api -> api.organizations(keycloak.realm(), null, from, MAX_PAGE), "find the organization");
            for (KeycloakAdminApi.Organization organization : page) {
                if (tenant.equals(organization.alias())) {
                    return keycloak.call(api -> api.organization(keycloak.realm(), organization.id()), "read the organization");
                }
            }
            if (page.size() < MAX_PAGE) {
                throw new ProblemException(Response.Status.NOT_FOUND, "organization " + tenant + " is not in the identity provider");
            }
        }
    }

    private KeycloakAdminApi.Group adminGroup(String tenant) {
        return keycloak.call(api -> api.adminGroup(keycloak.realm(), tenant), "find the admin group /tenants/" + tenant + "/admin");
    }

    private Set<String> adminIds(KeycloakAdminApi.Group group) {
        Set<String> ids = new HashSet<>();
        keycloak.call(api -> api.groupMembers(keycloak.realm(), group.id(), 0, MAX_ADMINS, true), "list the admins")
                .forEach(user -> ids.add(user.id()));
        return ids;
    }
}
