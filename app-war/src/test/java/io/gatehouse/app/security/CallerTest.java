package io.gatehouse.app.security;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerTest {

    @Test
    void theTenantIsTheOneOrganizationOfTheToken() {
        assertThat(caller(Map.of("organization", List.of("acme"))).tenant()).isEqualTo("acme");
    }

    @Test
    void aTokenWithoutOrganizationHasNoTenant() {
        assertThatThrownBy(() -> caller(Map.of()).tenant())
                .isInstanceOf(TenantForbidden.class).hasMessageContaining("names no organization");
    }

    @Test
    void aTokenWithTwoOrganizationsIsAmbiguousAndRefused() {
        assertThatThrownBy(() -> caller(Map.of("organization", List.of("acme", "globex"))).tenant())
                .isInstanceOf(TenantForbidden.class).hasMessageContaining("names 2 organizations");
    }

    @Test
    void anAdminIsAdminOfTheOrganizationOfTheTokenOnly() {
        List<String> adminOfAcme = List.of("/tenants/acme/admin", "/tenants/globex");
        assertThat(caller(Map.of("organization", List.of("acme"), "tenant_groups", adminOfAcme)).administeredTenant()).isEqualTo("acme");
        assertThat(caller(Map.of("organization", List.of("acme"), "tenant_groups", adminOfAcme)).isTenantAdmin()).isTrue();

        Caller inGlobex = caller(Map.of("organization", List.of("globex"), "tenant_groups", adminOfAcme));
        assertThat(inGlobex.isTenantAdmin()).isFalse();
        assertThatThrownBy(inGlobex::administeredTenant).isInstanceOf(TenantForbidden.class)
                .hasMessage("not an admin of organization globex (the group /tenants/globex/admin)");
    }

    @Test
    void noGroupLooksLikeTheAdminGroupOfAnotherTenantAndTwoOrganizationsAreNoAdmin() {
        assertThat(caller(Map.of("organization", List.of("acme"), "tenant_groups", List.of("/tenants/acme/admin/x", "/tenants/acme",
                "/tenants/acme-admin", "admin"))).isTenantAdmin()).isFalse();
        assertThat(caller(Map.of("organization", List.of("acme", "globex"), "tenant_groups",
                List.of("/tenants/acme/admin", "/tenants/globex/admin"))).isTenantAdmin()).isFalse();
        assertThat(caller(Map.of("organization", "acme", "tenant_groups", "/tenants/acme/admin")).isTenantAdmin())
                .as("a single value rather than a list").isTrue();
    }

    @Test
    void anAdminWithoutASecondFactorIsAskedForOneAndAMemberIsRefusedFirst() {
        Map<String, Object> adminOfAcme = Map.of("organization", List.of("acme"), "tenant_groups", List.of("/tenants/acme/admin"),
                "acr", "password");
        assertThatThrownBy(() -> caller(adminOfAcme, "mfa").administeredTenant()).isInstanceOfSatisfying(StepUpRequired.class,
                stepUp -> {
                    assertThat(stepUp.status()).isEqualTo(401);
                    assertThat(stepUp.headers()).containsEntry("WWW-Authenticate",
                            "Bearer error=\"insufficient_user_authentication\", error_description=\"a second factor is required\", acr_values=\"mfa\"");
                    assertThat(stepUp.getMessage()).contains("this token has acr \"password\"");
                });
        Map<String, Object> steppedUp = new java.util.HashMap<>(adminOfAcme);
        steppedUp.put("acr", "mfa");
        assertThat(caller(steppedUp, " gold , mfa ").administeredTenant()).isEqualTo("acme");
        assertThatThrownBy(() -> caller(Map.of("organization", List.of("acme"), "tenant_groups", List.of("/tenants/acme/admin")), "mfa")
                .administeredTenant()).as("no acr at all").isInstanceOf(StepUpRequired.class).hasMessageContaining("acr \"\"");
        assertThatThrownBy(() -> caller(Map.of("organization", List.of("acme"), "acr", "password"), "mfa").administeredTenant())
                .isInstanceOf(TenantForbidden.class);
        assertThat(caller(adminOfAcme, "mfa").isTenantAdmin()).as("the page still shows the admin view").isTrue();
    }

    @Test
    void anEmptySecondFactorSettingIsRefusedRatherThanLettingEveryTokenThrough() {
        assertThatThrownBy(() -> new SecondFactorAcr(" , ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gatehouse.api.admin-acr");
    }

    private static Caller caller(Map<String, Object> claims) {
        Map<String, Object> withAcr = new java.util.HashMap<>(claims);
        withAcr.putIfAbsent("acr", "mfa");
        return caller(withAcr, "mfa");
    }

    private static Caller caller(Map<String, Object> claims, String adminAcr) {
        return new Caller(new JsonWebToken() {
            @Override
            public String getName() {
                return "alice";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        }, new SecondFactorAcr(adminAcr));
    }
}
