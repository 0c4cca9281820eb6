package io.gatehouse.app.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling, as the verified token says. The tenant is the Keycloak organization the user signed in to
 * (the {@code organization} claim); it is never taken from the request. Rights are per tenant: a tenant admin is a
 * member of the group {@code /tenants/<organization>/admin}, which the token lists in {@code tenant_groups}, so
 * being admin of one organization grants nothing in another, even to a member of both. Admin actions also need a
 * second factor (step-up): a token whose {@code acr} is one of {@code gatehouse.api.admin-acr}.
 */
@RequestScoped
public class Caller {
    static final String ORGANIZATION_CLAIM = "organization";
    static final String TENANT_GROUPS_CLAIM = "tenant_groups";
    static final String ACR_CLAIM = "acr";
    private final JsonWebToken token;
    private final SecondFactorAcr adminAcr;

    @Inject
    public Caller(JsonWebToken token, SecondFactorAcr adminAcr) {
        this.token = token;
        this.adminAcr = adminAcr;
    }

    /** For CDI's proxy only. */
    protected Caller() {
        this.token = null;
        this.adminAcr = null;
    }

    public String subject() {
        return token.getSubject();
    }

    public String username() {
        return token.getName();
    }

    public Set<String> roles() {
        return new TreeSet<>(Optional.ofNullable(token.getGroups()).orElse(Set.of()));
    }

    /** The caller's tenant, or a 403 problem when the token names no single organization. */
    public String tenant() {
        List<String> organizations = organizations();
        if (organizations.size() != 1) {
            throw new TenantForbidden(organizations.isEmpty()
                    ? "the token names no organization (request the 'organization' scope; the user must be a member of one)"
                    : "the token names " + organizations.size() + " organizations; a caller must belong to exactly one");
        }
        return organizations.get(0);
    }

    /** The caller as a user of their tenant, or a 403 problem when the token names no single organization. */
    public TenantMember member() {
        return new TenantMember(tenant(), subject(), username());
    }

    /**
     * The caller's tenant when they are its admin and signed in with a second factor; else a 403 problem (no admin),
     * or a 401 step-up challenge (an admin with a password-only token). Admins first: nobody is asked for a second
     * factor only to be refused afterwards.
     */
    public String administeredTenant() {
        String tenant = tenant();
        if (!isAdminOf(tenant)) {
            throw new TenantForbidden("not an admin of organization " + tenant + " (the group /tenants/" + tenant + "/admin)");
        }
        String acr = texts(ACR_CLAIM).stream().findFirst().orElse("");
        if (!adminAcr.values().contains(acr)) {
            throw new StepUpRequired(adminAcr.values(), acr);
        }
        return tenant;
    }

    /** True when the token names one organization and the caller is its admin. */
    public boolean isTenantAdmin() {
        List<String> organizations = organizations();
        return organizations.size() == 1 && isAdminOf(organizations.get(0));
    }

    private boolean isAdminOf(String tenant) {
        return texts(TENANT_GROUPS_CLAIM).contains("/tenants/" + tenant + "/admin");
    }

    public List<String> organizations() {
        return texts(ORGANIZATION_CLAIM);
    }

    private List<String> texts(String name) {
        return texts(token, name);
    }

    /** A claim holding one string or a list of them, as MicroProfile JWT hands it over (String or JSON-P values). */
    public static List<String> texts(JsonWebToken token, String name) {
        Object claim = token.getClaim(name);
        if (claim instanceof JsonArray array) {
            return array.stream().filter(v -> v.getValueType() == JsonValue.ValueType.STRING)
                    .map(v -> ((JsonString) v).getString()).toList();
        }
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof JsonString single) {
            return List.of(single.getString());
        }
        return claim instanceof String single ? List.of(single) : List.of();
    }
}
