package io.gatehouse.stack.keycloak;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealmImportTest {

    @Test
    void fillsPlaceholdersFromTheGivenValues() {
        String filled = RealmImport.fill("{\"redirectUris\":[\"${GATEHOUSE_WEB_URL}/\"]}", Map.of("GATEHOUSE_WEB_URL", "http://127.0.0.1:18081"));

        assertThat(filled).isEqualTo("{\"redirectUris\":[\"http://127.0.0.1:18081/\"]}");
    }

    @Test
    void leavesKeycloakMessageKeysAlone() {
        assertThat(RealmImport.fill("{\"description\":\"${role_offline-access}\"}", Map.of()))
                .isEqualTo("{\"description\":\"${role_offline-access}\"}");
    }

    @Test
    void anUnknownPlaceholderIsAnErrorNotAnEmptyString() {
        assertThatThrownBy(() -> RealmImport.fill("{\"secret\":\"${LDAP_BIND_PASSWORD}\"}", Map.of()))
                .hasMessage("realm file uses ${LDAP_BIND_PASSWORD}, which has no value");
    }

    @Test
    void anEscapedPlaceholderIsKeycloaksOwnTemplate() {
        assertThat(RealmImport.fill("{\"template\":\"$${CLAIM.email}\",\"t\":\"$${NOT_FILLED}\"}", Map.of()))
                .isEqualTo("{\"template\":\"${CLAIM.email}\",\"t\":\"${NOT_FILLED}\"}");
    }
}
