package io.gatehouse.realm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RealmFileTest {

    @Test
    void fillsPlaceholdersAndKeepsTheRealmName() {
        RealmFile file = RealmFile.parse("f.json", "{\"realm\":\"r\",\"clients\":[{\"clientId\":\"web\",\"rootUrl\":\"${WEB}\"}]}", Map.of("WEB", "http://x"));
        assertThat(file.name()).isEqualTo("r");
        assertThat(file.part("clients").get(0).path("rootUrl").asText()).isEqualTo("http://x");
        assertThat(file.settings().has("clients")).isFalse();
    }

    @Test
    void refusesAMisspeltFieldNamingIt() {
        assertThatThrownBy(() -> RealmFile.parse("f.json", "{\"realm\":\"r\",\"accessTokenLifespam\":300}", Map.of()))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessageContaining("unknown field \"accessTokenLifespam\"");
    }

    @Test
    void refusesInvalidJsonWithItsLine() {
        assertThatThrownBy(() -> RealmFile.parse("f.json", "{\"realm\":\"r\",\n\"enabled\": tru}", Map.of()))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessageContaining("invalid JSON").hasMessageContaining("line 2");
    }

    @Test
    void refusesAPlaceholderWithoutAValueNamingIt() {
        assertThatThrownBy(() -> RealmFile.parse("f.json", "{\"realm\":\"${REALM_NAME}\"}", Map.of()))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessageContaining("REALM_NAME");
    }

    @Test
    void readsASecretFromAFileAndAValueCannotBreakTheJson(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr\"et\n");
        RealmFile file = RealmFile.parse("f.json", "{\"realm\":\"r\",\"clients\":[{\"clientId\":\"svc\",\"secret\":\"${file:" + secret + "}\","
                + "\"description\":\"${D}\"}]}", Map.of("D", "\",\"publicClient\":true,\"x\":\""));
        assertThat(file.part("clients").get(0).path("secret").asText()).isEqualTo("s3cr\"et");
        assertThat(file.part("clients").get(0).has("publicClient")).as("a value stays inside its string").isFalse();
    }

    @Test
    void refusesAnUnreadableSecretFileNamingIt() {
        assertThatThrownBy(() -> RealmFile.parse("f.json", "{\"realm\":\"r\",\"displayName\":\"${file:/nonexistent/secret}\"}", Map.of()))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessageContaining("/nonexistent/secret");
    }

    @Test
    void refusesSomethingThatIsNotARealm() {
        assertThatThrownBy(() -> RealmFile.parse("f.json", "[1,2]", Map.of())).hasMessageContaining("not a realm representation");
    }

    @Test
    void theBuiltInRealmFileIsValid() {
        RealmFile file = RealmFile.parse("built-in", RealmFile.builtIn(), Map.of("GATEHOUSE_WEB_URL", "http://127.0.0.1:18081",
                "GATEHOUSE_KEYCLOAK_URL", "http://127.0.0.1:18080", "GATEHOUSE_LDAP_URL", "ldap://127.0.0.1:18389",
                "GATEHOUSE_SERVICE_CLIENT_SECRET", "s", "GATEHOUSE_BROKER_CLIENT_SECRET", "b", "GATEHOUSE_LDAP_BIND_PASSWORD", "p"));
        assertThat(file.name()).isEqualTo("gatehouse");
        assertThat(file.part("identityProviderMappers").findValuesAsText("template")).as("$${ is a literal ${").containsExactly("${CLAIM.email}");
    }
}
