package io.gatehouse.app.security;

/**
 * A user of one tenant, as a request acts for them: the organization, the user's subject (the owner of records) and
 * the username the tenant's admins see. An admin reading another member's records names them by subject alone.
 */
public record TenantMember(String tenant, String subject, String username) {
    public static TenantMember bySubject(String tenant, String subject) {
        return new TenantMember(tenant, subject, null);
    }
}
