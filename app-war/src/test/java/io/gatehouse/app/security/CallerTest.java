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
                .isInstanceOf(NoTenantException.class).hasMessageContaining("names no organization");
    }

    @Test
    void aTokenWithTwoOrganizationsIsAmbiguousAndRefused() {
        assertThatThrownBy(() -> caller(Map.of("organization", List.of("acme", "globex"))).tenant())
                .isInstanceOf(NoTenantException.class).hasMessageContaining("names 2 organizations");
    }

    private static Caller caller(Map<String, Object> claims) {
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
        });
    }
}
