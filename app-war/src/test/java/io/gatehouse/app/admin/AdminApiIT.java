package io.gatehouse.app.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.app.Api;
import io.gatehouse.records.schema.TenantRetention;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class AdminApiIT {
    private Api api;

    @BeforeEach
    void connect(Stack stack) {
        api = new Api(stack);
    }

    @Test
    void aTenantAdminListsAnyOwnersRecordsOfTheTenant() {
        String id = create("alice", "seen by the admin");

        List<String> ids = ids(api.get("/admin/records?limit=100&owner=" + subject("alice"), api.adminToken("adam")));

        assertThat(ids).contains(id);
    }

    @Test
    void aTenantAdminListsTheOwnersOfTheTenantOnly() {
        create("alice", "alice has records");
        create("bob", "bob is in another tenant");

        Api.Response owners = api.get("/admin/owners", api.adminToken("adam"));

        assertThat(owners.status()).as(owners.toString()).isEqualTo(200);
        List<String> subjects = new ArrayList<>();
        owners.json().path("items").forEach(owner -> subjects.add(owner.path("subject").asText()));
        assertThat(subjects).contains(subject("alice")).doesNotContain(subject("bob")).doesNotHaveDuplicates();
        assertThat(owners.json().path("items").toString()).as("with the username they wrote with")
                .contains("{\"subject\":\"" + subject("alice") + "\",\"username\":\"alice\"}");
        assertThat(api.get("/admin/owners?limit=1", api.adminToken("adam")).json().path("items")).hasSize(1);
        assertProblem(api.get("/admin/owners?limit=0", api.adminToken("adam")), 400);
        assertProblem(api.get("/admin/owners?limit=ten", api.adminToken("adam")), 400);
        assertThat(api.get("/admin/owners", api.adminToken("adam")).header("Cache-Control")).isEqualTo("no-store");
        assertProblem(api.get("/admin/owners?limit=" + (AdminResource.MAX_OWNERS + 1), api.adminToken("adam")), 400);
    }

    @Test
    void aTenantAdminSeesNothingOfAnotherTenant() {
        create("bob", "globex only");

        Api.Response response = api.get("/admin/records?limit=100&owner=" + subject("bob"), api.adminToken("adam"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(ids(response)).isEmpty();
    }

    @Test
    void aUserWithoutTheAdminRoleGets403OnEveryAdminEndpoint() {
        String alice = api.token("alice");
        assertProblem(api.get("/admin/records?owner=" + subject("alice"), alice), 403);
        assertProblem(api.get("/admin/retention", alice), 403);
        assertProblem(api.get("/admin/owners", alice), 403);
        assertProblem(api.call("PUT", "/admin/retention", alice, "{\"days\":90}", Map.of()), 403);
        assertProblem(api.get("/admin/retention", api.token("bob")), 403);
    }

    @Test
    void theRetentionPeriodCanBeReadAndChangedWithinBounds() {
        String adam = api.adminToken("adam");
        assertThat(api.get("/admin/retention", adam).json().path("days").asInt()).isBetween(TenantRetention.MIN_DAYS, TenantRetention.MAX_DAYS);

        Api.Response changed = api.call("PUT", "/admin/retention", adam, "{\"days\":90}", Map.of());

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("days").asInt()).isEqualTo(90);
        assertThat(api.get("/admin/retention", adam).json().path("days").asInt()).isEqualTo(90);
        assertProblem(api.call("PUT", "/admin/retention", adam, "{\"days\":5}", Map.of()), 400);
        assertProblem(api.call("PUT", "/admin/retention", adam, "{\"days\":99999}", Map.of()), 400);
        assertProblem(api.call("PUT", "/admin/retention", adam, "{}", Map.of()), 400);
        assertThat(api.get("/admin/retention", adam).json().path("days").asInt()).isEqualTo(90);
    }

    /** dora is admin of acme and a plain member of globex; gus is globex's admin (its LDAP group). */
    @Test
    void anAdminOfOneOrganizationIsNoAdminOfAnotherTheyBelongTo() throws Exception {
        String gus = api.adminToken("gus");
        String bob = subject("bob");
        Api.Response globexRetention = api.get("/admin/retention", gus);
        assertThat(globexRetention.status()).as(globexRetention.toString()).isEqualTo(200);

        assertThatThrownBy(() -> api.login("dora", "openid organization")).as("a member of two organizations chooses one")
                .hasMessageContaining("Keycloak asks dora to choose an organization: [acme, globex]");
        String asked = api.login("dora", "openid organization:globex");
        String chosen = api.login("dora", "openid organization", "globex");
        for (String dora : List.of(asked, chosen)) {
            Api.Response me = api.get("/me", dora);
            assertThat(me.json().path("organizations").toString()).isEqualTo("[\"globex\"]");
            assertThat(me.json().path("tenantAdmin").asBoolean(true)).isFalse();
            assertProblem(api.get("/admin/records?owner=" + bob, dora), 403);
            assertProblem(api.get("/admin/owners", dora), 403);
            assertProblem(api.get("/admin/retention", dora), 403);
            Api.Response put = api.call("PUT", "/admin/retention", dora, "{\"days\":30}", Map.of());
            assertProblem(put, 403);
            assertThat(put.json().path("detail").asText()).isEqualTo("not an admin of organization globex (the group /tenants/globex/admin)");
        }
        assertThat(api.get("/admin/retention", gus).json()).as("globex's retention is unchanged").isEqualTo(globexRetention.json());

        Api.Response byGlobexAdmin = api.call("PUT", "/admin/retention", gus, "{\"days\":400}", Map.of());
        assertThat(byGlobexAdmin.status()).as(byGlobexAdmin.toString()).isEqualTo(200);
        assertThat(api.get("/me", gus).json().path("tenantAdmin").asBoolean()).isTrue();
        String doraInAcme = api.adminLogin("dora", "openid organization", "acme");
        assertThat(api.get("/admin/retention", doraInAcme).status()).as("dora administers acme").isEqualTo(200);
        assertThat(api.get("/me", doraInAcme).json().path("tenantAdmin").asBoolean()).isTrue();
    }

    /** RFC 9470 step-up: the admin right alone is not enough; the token must say a second factor was used. */
    @Test
    void anAdminsPasswordOnlyTokenIsAskedForASecondFactorOnEveryAdminEndpoint() {
        String password = api.token("adam");
        assertThat(Api.claims(password).path("acr").asText()).isEqualTo("password");
        String steppedUp = api.adminToken("adam");
        int days = api.get("/admin/retention", steppedUp).json().path("days").asInt();

        for (Api.Response refused : List.of(api.get("/admin/retention", password), api.get("/admin/owners", password),
                api.get("/admin/records?owner=x", password), api.get("/admin/members", password),
                api.call("PUT", "/admin/retention", password, "{\"days\":" + (days + 1) + "}", Map.of()),
                api.post("/admin/members/invitations", password, "{\"email\":\"stepped@acme.test\"}"))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"insufficient_user_authentication\", "
                    + "error_description=\"a second factor is required\", acr_values=\"mfa\"");
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("status").asInt()).isEqualTo(401);
            assertThat(refused.json().path("detail").asText()).contains("acr_values \"mfa\"").contains("this token has acr \"password\"");
        }
        assertThat(api.get("/me", password).status()).as("only admin actions need it").isEqualTo(200);
        assertThat(api.get("/me", password).json().path("tenantAdmin").asBoolean()).as("the page still offers them").isTrue();

        assertThat(Api.claims(steppedUp).path("acr").asText()).isEqualTo("mfa");
        assertThat(api.get("/admin/retention", steppedUp).json().path("days").asInt()).as("the refused PUT changed nothing").isEqualTo(days);
        assertThat(api.get("/admin/owners", steppedUp).status()).isEqualTo(200);
    }

    @Test
    void theOwnerParameterIsRequired() {
        assertProblem(api.get("/admin/records", api.adminToken("adam")), 400);
    }

    private String subject(String user) {
        return api.get("/me", api.token(user)).json().path("subject").asText();
    }

    private String create(String user, String title) {
        Api.Response created = api.post("/records", api.token(user), "{\"title\":\"" + title + "\",\"body\":\"\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private static List<String> ids(Api.Response response) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : response.json().path("items")) {
            ids.add(item.path("id").asText());
        }
        return ids;
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
    }
}
