package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
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
    void refusesADescriptionKeycloakCannotStoreNamingTheClient() {
        String description = "x".repeat(256);
        assertThatThrownBy(() -> RealmFile.parse("f.json", "{\"realm\":\"r\",\"clients\":[{\"clientId\":\"web\",\"description\":\"" + description + "\"}]}", Map.of()))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessage("f.json: client web: the description has 256 characters; Keycloak keeps at most 255");
        assertThat(RealmFile.parse("f.json", "{\"realm\":\"r\",\"clients\":[{\"clientId\":\"web\",\"description\":\"" + description.substring(1) + "\"}]}", Map.of())
                .name()).isEqualTo("r");
        assertThatThrownBy(() -> RealmFile.parse("f.json", "{\"realm\":\"r\",\"authenticationFlows\":[{\"alias\":\"sign-in\",\"providerId\":\"basic-flow\","
                + "\"description\":\"" + description + "\"}]}", Map.of()))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessage("f.json: flow sign-in: the description has 256 characters; Keycloak keeps at most 255");
    }

    @Test
    void refusesAnAuthenticatorConfigAliasKeycloaksAdminApiWouldRefuse() {
        assertThatThrownBy(() -> RealmFile.parse("f.json", "{\"realm\":\"r\",\"authenticatorConfig\":[{\"alias\":\"acme: after\",\"config\":{}}]}", Map.of()))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessage("f.json: authenticator config 'acme: after': Keycloak refuses ':' in an alias");
    }

    @Test
    void refusesInvalidJsonWithItsLine() {
        assertThatThrownBy(() -> RealmFile.parse("f.json", "{\"realm\":\"r\",\n\"enabled\": tru}", Map.of()))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessageContaining("invalid JSON").hasMessageContaining("line 2");
    }

    @Test
    void leavesKeycloaksLowerCaseMessageKeysAlone() {
        RealmFile file = RealmFile.parse("f.json", "{\"realm\":\"r\",\"displayName\":\"${realm_name}\",\"roles\":{\"realm\":[{\"name\":\"a\","
                + "\"description\":\"${role_offline-access}\"}]}}", Map.of());
        assertThat(file.settings().path("displayName").asText()).isEqualTo("${realm_name}");
        assertThat(file.part("roles").toString()).contains("${role_offline-access}");
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

    private static final Map<String, String> LOCAL = Map.of("GATEHOUSE_WEB_URL", "http://127.0.0.1:18081", "GATEHOUSE_API_URL", "http://127.0.0.1:19080",
            "GATEHOUSE_KEYCLOAK_URL", "http://127.0.0.1:18080", "GATEHOUSE_LDAP_URL", "ldap://127.0.0.1:18389",
            "GATEHOUSE_SERVICE_CLIENT_SECRET", "s", "GATEHOUSE_BROKER_CLIENT_SECRET", "b", "GATEHOUSE_LDAP_BIND_PASSWORD", "p",
            "GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET", "t", "GATEHOUSE_SMTP_HOST", "127.0.0.1", "GATEHOUSE_SMTP_PORT", "18025");

    @Test
    void theProductionRealmHoldsNoDemoAndRequiresHttps() {
        RealmFile file = RealmFile.parse("built-in", RealmFile.resource(RealmFile.BUILT_IN), LOCAL);
        assertThat(file.name()).isEqualTo("gatehouse");
        assertThat(file.settings().path("sslRequired").asText()).isEqualTo("all");
        assertThat(file.holdsCredentials()).isFalse();
        for (String demo : new String[] {"organizations", "components", "identityProviders", "identityProviderMappers"}) {
            assertThat(file.part(demo).isEmpty()).as(demo).isTrue();
        }
        assertThat(file.part("users").findValuesAsText("username")).as("service accounts only")
                .containsExactly("service-account-gatehouse-tenant-admin");
        assertThat(file.part("users").get(0).path("clientRoles").toString()).as("the one role it has beside its fine-grained permissions")
                .isEqualTo("{\"realm-management\":[\"view-events\"]}");
        assertThat(file.part("roles").path("realm").findValuesAsText("name")).as("rights are per tenant, not realm-wide").doesNotContain("admin");
        assertThat(client(file, "admin-cli").path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
        assertThat(client(file, "gatehouse-web").path("optionalClientScopes").toString()).doesNotContain("offline_access");
    }

    @Test
    void theDemoOverlayAddsItsPartsAndKeepsThoseOfTheProductionRealm() {
        RealmFile file = RealmFile.parse("demo", RealmFile.demo(), LOCAL);
        assertThat(file.settings().path("sslRequired").asText()).as("plain http on loopback").isEqualTo("external");
        assertThat(file.holdsCredentials()).isTrue();
        assertThat(file.part("users").findValuesAsText("username")).contains("alice", "adam", "bob", "dora");
        assertThat(file.part("clients").findValuesAsText("clientId")).containsExactly("gatehouse-api", "gatehouse-service", "gatehouse-tenant-admin", "gatehouse-web", "admin-cli");
        assertThat(file.settings().path("smtpServer").path("port").asText()).as("the stack's mail server").isEqualTo("18025");
        assertThat(file.part("groups")).as("the overlay's tenants group replaces the empty one").hasSize(1);
        assertThat(file.part("groups").get(0).path("subGroups").findValuesAsText("name")).contains("acme", "globex", "initech", "umbrella", "admin");
        assertThat(file.part("identityProviderMappers").findValuesAsText("template")).as("$${ is a literal ${").containsExactly("${CLAIM.email}", "${NAMEID}");
    }

    @Test
    void theSecondFactorPolicyIsDataOnTheOrganizationAndOnlyAcmeRequiresOne() {
        RealmFile production = RealmFile.parse("built-in", RealmFile.resource(RealmFile.BUILT_IN), LOCAL);
        JsonNode flow = null;
        for (JsonNode candidate : production.part("authenticationFlows")) {
            if (candidate.path("alias").asText().equals("gatehouse organization second factor")) {
                flow = candidate;
            }
        }
        assertThat(flow).as("the production flow reads the policy from the organizations").isNotNull();
        assertThat(flow.path("authenticationExecutions").findValuesAsText("authenticator"))
                .startsWith("gatehouse-organization-attribute").endsWith("auth-otp-form");
        assertThat(production.settings().has("otpPolicyCodeReusable")).as("Keycloak's default: a code works once (tests' stacks change it)").isFalse();

        RealmFile demo = RealmFile.parse("demo", RealmFile.demo(), LOCAL);
        Map<String, String> policies = new java.util.TreeMap<>();
        demo.part("organizations").forEach(organization -> policies.put(organization.path("alias").asText(),
                organization.path("attributes").path("gatehouse.second-factor").toString()));
        assertThat(policies).containsEntry("acme", "[\"required\"]").containsEntry("globex", "").containsEntry("initech", "")
                .containsEntry("umbrella", "");
    }

    @Test
    void anOverlayReplacesEntriesByTheirNameAndCannotChangeTheRealm() {
        var base = RealmFile.tree("base", "{\"realm\":\"r\",\"enabled\":true,\"clients\":[{\"clientId\":\"a\",\"name\":\"A\"},{\"clientId\":\"b\"}],"
                + "\"attributes\":{\"x\":\"1\",\"y\":\"2\"}}");
        var overlay = RealmFile.tree("overlay", "{\"realm\":\"r\",\"enabled\":false,\"clients\":[{\"clientId\":\"a\",\"name\":\"other\"},{\"clientId\":\"c\"}],"
                + "\"attributes\":{\"y\":\"3\"}}");
        assertThat(RealmOverlay.merge(base, overlay).toString()).isEqualTo("{\"realm\":\"r\",\"enabled\":false,\"clients\":["
                + "{\"clientId\":\"a\",\"name\":\"other\"},{\"clientId\":\"b\"},{\"clientId\":\"c\"}],\"attributes\":{\"x\":\"1\",\"y\":\"3\"}}");
        assertThatThrownBy(() -> RealmOverlay.merge(base, RealmFile.tree("o", "{\"realm\":\"other\"}")))
                .isInstanceOf(RealmFile.InvalidRealmFile.class).hasMessageContaining("cannot change realm");
    }

    private static com.fasterxml.jackson.databind.JsonNode client(RealmFile file, String clientId) {
        for (var client : file.part("clients")) {
            if (client.path("clientId").asText().equals(clientId)) {
                return client;
            }
        }
        throw new AssertionError("no client " + clientId);
    }
}
