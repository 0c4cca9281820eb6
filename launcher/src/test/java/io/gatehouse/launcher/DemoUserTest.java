package io.gatehouse.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoUserTest {

    @Test
    void readsTheLocalUsersOfTheRealmFileWithTheirTenantsAndTheTenantsTheyAdminister() {
        List<DemoUser> users = DemoUser.ofThisStack().stream().filter(user -> user.source().equals("local")).toList();

        assertThat(users).extracting(DemoUser::username).containsExactly("alice", "adam", "bob", "dora");
        assertThat(users.get(0).organizations()).containsExactly("acme");
        assertThat(users.get(0).adminOf()).isEmpty();
        assertThat(users.get(1).adminOf()).containsExactly("acme");
        assertThat(users.get(2).tenant()).isEqualTo("globex");
        assertThat(users.get(3).organizations()).as("admin of one, member of two").containsExactly("acme", "globex");
        assertThat(users.get(3).adminOf()).containsExactly("acme");
        assertThat(users.get(3).tenant()).as("Keycloak asks her").isNull();
        assertThat(users).allSatisfy(user -> assertThat(user.password()).isNotBlank());
        assertThat(users).filteredOn(DemoUser::secondFactor).as("acme requires a second factor of everyone (dora too, a member of acme)")
                .extracting(DemoUser::username).containsExactly("alice", "adam", "dora");
    }

    @Test
    void readsTheDirectorysPeopleWithTheGroupsTheLdapGroupMapperPlacesUnderTheirTenant() {
        List<DemoUser> users = DemoUser.ofThisStack().stream().filter(user -> user.source().equals("LDAP directory")).toList();

        assertThat(users).extracting(DemoUser::username).containsExactly("grace", "gus");
        assertThat(users).extracting(DemoUser::tenant).containsOnly("globex");
        assertThat(users.get(0).adminOf()).isEmpty();
        assertThat(users.get(1).adminOf()).containsExactly("globex");
        assertThat(users.get(0).password()).isEqualTo("Grace-Gatehouse-1");
    }

    @Test
    void readsTheCompanyIdentityProvidersUsersByEmailWithTheTenantOfTheirDomain() {
        List<DemoUser> users = DemoUser.ofThisStack().stream().filter(user -> user.source().equals("Initech SSO")).toList();

        assertThat(users).extracting(DemoUser::username).containsExactly("ivy@initech.test", "ian@initech.test");
        assertThat(users).extracting(DemoUser::tenant).containsOnly("initech");
        assertThat(users.get(0).adminOf()).isEmpty();
        assertThat(users.get(1).adminOf()).as("by the broker's claim-to-group mapper").containsExactly("initech");
    }

    @Test
    void readsTheSamlIdentityProvidersUsersWithTheTenantsTheirRoleAttributeMakesThemAdminOf() {
        List<DemoUser> users = DemoUser.ofThisStack().stream().filter(user -> user.source().equals("Umbrella SSO")).toList();

        assertThat(users).extracting(DemoUser::username).containsExactly("uma@umbrella.test", "ulf@umbrella.test");
        assertThat(users).extracting(DemoUser::tenant).containsOnly("umbrella");
        assertThat(users.get(0).adminOf()).isEmpty();
        assertThat(users.get(1).adminOf()).as("by the broker's attribute mapper").containsExactly("umbrella");
    }

    @Test
    void aRealmWithoutUsersIsAnError() {
        assertThatThrownBy(() -> DemoUser.from(List.of("{\"realm\":\"empty\",\"organizations\":[{\"alias\":\"a\"}]}"), ""))
                .hasMessageContaining("no demo users");
    }

    @Test
    void realmFilesWithoutTenantsAreAnError() {
        assertThatThrownBy(() -> DemoUser.from(List.of("{\"realm\":\"empty\"}"), "")).hasMessageContaining("no realm file has organizations");
    }

    @Test
    void aRealmFileThatIsNotJsonIsAnError() {
        assertThatThrownBy(() -> DemoUser.from(List.of("{not json"), ""))
                .hasMessageContaining("not valid JSON");
    }
}
