package io.gatehouse.launcher;

import io.gatehouse.stack.keycloak.RealmImport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoUserTest {

    @Test
    void readsTheDemoUsersOfTheRealmFileWithTenantAndExpandedRoles() {
        List<DemoUser> users = DemoUser.fromRealm(RealmImport.realmsOnClasspath());

        assertThat(users).extracting(DemoUser::username).containsExactly("alice", "adam", "bob");
        assertThat(users.get(0).organization()).isEqualTo("acme");
        assertThat(users.get(0).roles()).containsExactly("user");
        assertThat(users.get(1).roles()).containsExactly("admin", "user");
        assertThat(users.get(2).organization()).isEqualTo("globex");
        assertThat(users).allSatisfy(user -> assertThat(user.password()).isNotBlank());
    }

    @Test
    void aRealmWithoutUsersIsAnError() {
        assertThatThrownBy(() -> DemoUser.fromRealm(List.of("{\"realm\":\"empty\"}")))
                .hasMessageContaining("no demo users");
    }

    @Test
    void aRealmFileThatIsNotJsonIsAnError() {
        assertThatThrownBy(() -> DemoUser.fromRealm(List.of("{not json")))
                .hasMessageContaining("not valid JSON");
    }
}
