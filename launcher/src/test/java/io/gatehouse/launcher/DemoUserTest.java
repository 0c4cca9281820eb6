package io.gatehouse.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoUserTest {

    @Test
    void readsTheLocalUsersOfTheRealmFileWithTenantAndExpandedRoles() {
        List<DemoUser> users = DemoUser.ofThisStack().stream().filter(user -> user.source().equals("local")).toList();

        assertThat(users).extracting(DemoUser::username).containsExactly("alice", "adam", "bob");
        assertThat(users.get(0).organization()).isEqualTo("acme");
        assertThat(users.get(0).roles()).containsExactly("user");
        assertThat(users.get(1).roles()).containsExactly("admin", "user");
        assertThat(users.get(2).organization()).isEqualTo("globex");
        assertThat(users).allSatisfy(user -> assertThat(user.password()).isNotBlank());
    }

    @Test
    void readsTheDirectorysPeopleWithTheRolesTheirGroupsMapTo() {
        List<DemoUser> users = DemoUser.ofThisStack().stream().filter(user -> user.source().equals("LDAP directory")).toList();

        assertThat(users).extracting(DemoUser::username).containsExactly("grace", "gus");
        assertThat(users).extracting(DemoUser::organization).containsOnly("globex");
        assertThat(users.get(0).roles()).containsExactly("user");
        assertThat(users.get(1).roles()).containsExactly("admin", "user");
        assertThat(users.get(0).password()).isEqualTo("Grace-Gatehouse-1");
    }

    @Test
    void readsTheCompanyIdentityProvidersUsersByEmailWithTheTenantOfTheirDomain() {
        List<DemoUser> users = DemoUser.ofThisStack().stream().filter(user -> user.source().equals("Initech SSO")).toList();

        assertThat(users).extracting(DemoUser::username).containsExactly("ivy@initech.test", "ian@initech.test");
        assertThat(users).extracting(DemoUser::organization).containsOnly("initech");
        assertThat(users.get(0).roles()).containsExactly("user");
        assertThat(users.get(1).roles()).as("by the broker's claim-to-role mapper").containsExactly("admin", "user");
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
