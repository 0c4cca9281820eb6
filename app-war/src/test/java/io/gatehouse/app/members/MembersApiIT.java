package io.gatehouse.app.members;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.NewMembers;
import io.gatehouse.stack.keycloak.KeycloakServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant self-service through the API, on the real Keycloak: the API acts as the gatehouse-tenant-admin service
 * account and checks the tenant from the caller's token first. People made for a test are deleted after it.
 */
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class MembersApiIT {
    private static final String PASSWORD = "Member-Gatehouse-1";
    private Api api;
    private Keycloak admin;
    private RealmResource realm;
    private NewMembers members;
    private Stack stack;

    @BeforeEach
    void connect(Stack stack) {
        this.stack = stack;
        api = new Api(stack);
        admin = stack.server(KeycloakServer.class).settings().admin();
        realm = admin.realm(StackConfig.REALM);
        members = new NewMembers(realm);
    }

    @AfterEach
    void forget() {
        members.close();
        admin.close();
    }

    @Test
    void aTenantAdminListsTheMembersAndWhoIsAdmin() {
        Api.Response listed = api.get("/admin/members?limit=100", api.adminToken("adam"));

        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        Map<String, Boolean> admins = admins(listed);
        assertThat(admins).containsEntry("alice", false).containsEntry("adam", true).containsEntry("dora", true).doesNotContainKey("bob");
        assertThat(listed.header("Cache-Control")).isEqualTo("no-store");
        Api.Response first = api.get("/admin/members?limit=1", api.adminToken("adam"));
        assertThat(first.json().path("items")).hasSize(1);
        Api.Response second = api.get("/admin/members?limit=1&cursor=" + first.json().path("next").asText(), api.adminToken("adam"));
        assertThat(second.json().path("items").get(0).path("id")).isNotEqualTo(first.json().path("items").get(0).path("id"));
        assertProblem(api.get("/admin/members?limit=0", api.adminToken("adam")), 400);
        assertProblem(api.get("/admin/members?limit=101", api.adminToken("adam")), 400);
        assertProblem(api.get("/admin/members?cursor=-1", api.adminToken("adam")), 400);
        assertProblem(api.get("/admin/members?cursor=x", api.adminToken("adam")), 400);
    }

    @Test
    void aPlainMemberAndAnAdminOfAnotherTenantGet403OnEveryMembersEndpoint() {
        String aliceId = userId("alice");
        String doraInGlobex = api.login("dora", "openid organization:globex");
        for (String token : List.of(api.token("alice"), doraInGlobex)) {
            assertProblem(api.get("/admin/members", token), 403);
            assertProblem(api.post("/admin/members/invitations", token, "{\"email\":\"someone@acme.test\"}"), 403);
            assertProblem(api.get("/admin/members/invitations", token), 403);
            assertProblem(api.call("DELETE", "/admin/members/" + aliceId, token, null, Map.of()), 403);
            assertProblem(api.call("PUT", "/admin/members/" + aliceId + "/admin", token, null, Map.of()), 403);
            assertProblem(api.call("DELETE", "/admin/members/" + userId("gus") + "/admin", token, null, Map.of()), 403);
        }
        assertThat(memberUsernames("acme")).contains("alice");
        assertThat(groupPaths("alice")).isEmpty();
        assertThat(groupPaths("gus")).contains("/tenants/globex/admin");
    }

    @Test
    void anInvitationIsRefusedForAMemberAnAddressOutsideTheDomainsAndNonsense() {
        String adam = api.adminToken("adam");
        assertProblem(api.post("/admin/members/invitations", adam, "{\"email\":\"alice@acme.test\"}"), 409, "already a member");
        assertProblem(api.post("/admin/members/invitations", adam, "{\"email\":\"someone@globex.test\"}"), 400, "not a domain of organization acme");
        assertProblem(api.post("/admin/members/invitations", adam, "{\"email\":\"not an address\"}"), 400, "email");
        assertProblem(api.post("/admin/members/invitations", adam, "{\"firstName\":\"No\"}"), 400, "email");
        assertProblem(api.post("/admin/members/invitations", adam, "{\"email\":"), 400);

        String fresh = "invited-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        Api.Response sent = api.post("/admin/members/invitations", adam, "{\"email\":\"" + fresh + "\",\"firstName\":\"In\",\"lastName\":\"Vited\"}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        assertProblem(api.post("/admin/members/invitations", adam, "{\"email\":\"" + fresh.toUpperCase() + "\"}"), 409, "pending invitation");
    }

    @Test
    void anInvitationNotAcceptedYetIsListedCanBeSentAgainAndWithdrawnByItsOwnTenantOnly() {
        String adam = api.adminToken("adam");
        String fresh = "pending-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(api.post("/admin/members/invitations", adam, "{\"email\":\"" + fresh + "\"}").status()).isEqualTo(202);

        JsonNode sent = invitation(api.get("/admin/members/invitations", adam), fresh);
        assertThat(sent.path("expired").asBoolean()).isFalse();
        assertThat(java.time.Instant.parse(sent.path("expiresAt").asText())).isAfter(java.time.Instant.parse(sent.path("sentAt").asText()));
        String id = sent.path("id").asText();
        assertProblem(api.call("DELETE", "/admin/members/invitations/" + id, api.adminToken("gus"), null, Map.of()), 404);
        assertProblem(api.call("POST", "/admin/members/invitations/" + id + "/resend", api.adminToken("gus"), null, Map.of()), 404);

        assertThat(api.call("POST", "/admin/members/invitations/" + id + "/resend", adam, null, Map.of()).status()).isEqualTo(202);
        JsonNode again = invitation(api.get("/admin/members/invitations", adam), fresh);
        assertThat(again.path("id").asText()).as("Keycloak replaces it with a new link").isNotEqualTo(id);
        assertProblem(api.call("DELETE", "/admin/members/invitations/" + id, adam, null, Map.of()), 404);

        assertThat(api.call("DELETE", "/admin/members/invitations/" + again.path("id").asText(), adam, null, Map.of()).status()).isEqualTo(204);
        assertThat(api.get("/admin/members/invitations", adam).json().path("items").toString()).doesNotContain(fresh);
        assertThat(api.post("/admin/members/invitations", adam, "{\"email\":\"" + fresh + "\"}").status()).as("withdrawn: may be invited again")
                .isEqualTo(202);
        assertProblem(api.call("DELETE", "/admin/members/invitations/not%20an%20id", adam, null, Map.of()), 404);
    }

    @Test
    void grantingAndRevokingTheAdminRightShowsInTheListAndInTheNextToken() {
        String carol = members.add("acme", PASSWORD);
        String adam = api.adminToken("adam");

        assertThat(api.call("PUT", "/admin/members/" + carol + "/admin", adam, null, Map.of()).status()).isEqualTo(204);
        assertThat(admins(api.get("/admin/members?limit=100", adam))).containsEntry(members.username(carol), true);
        assertThat(api.get("/admin/members", login(carol, "acme")).status()).as("carol administers acme now").isEqualTo(200);

        assertThat(api.call("DELETE", "/admin/members/" + carol + "/admin", adam, null, Map.of()).status()).isEqualTo(204);
        assertThat(admins(api.get("/admin/members?limit=100", adam))).containsEntry(members.username(carol), false);
        assertProblem(api.get("/admin/members", login(carol, "acme")), 403);
    }

    @Test
    void onlyMembersOfTheTenantCanBeMadeAdminOrRemoved() {
        String bob = userId("bob");
        String adam = api.adminToken("adam");
        assertProblem(api.call("PUT", "/admin/members/" + bob + "/admin", adam, null, Map.of()), 404);
        assertProblem(api.call("DELETE", "/admin/members/" + bob, adam, null, Map.of()), 404);
        assertProblem(api.call("PUT", "/admin/members/not%20an%20id%3F/admin", adam, null, Map.of()), 404);
        assertProblem(api.call("PUT", "/admin/members/" + UUID.randomUUID() + "/admin", adam, null, Map.of()), 404);
        assertThat(groupPaths("bob")).isEmpty();
        assertThat(memberUsernames("globex")).contains("bob");
    }

    @Test
    void aRemovedMemberLeavesTheTenantAndItsAdminGroup() {
        String carol = members.add("acme", PASSWORD);
        String adam = api.adminToken("adam");
        assertThat(api.call("PUT", "/admin/members/" + carol + "/admin", adam, null, Map.of()).status()).isEqualTo(204);

        Api.Response removed = api.call("DELETE", "/admin/members/" + carol, adam, null, Map.of());

        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(memberUsernames("acme")).doesNotContain(members.username(carol));
        assertThat(realm.users().get(carol).groups()).as("no admin right left behind").isEmpty();
        assertProblem(api.call("DELETE", "/admin/members/" + carol, adam, null, Map.of()), 404);
    }

    @Test
    void theLastAdminCannotRemoveThemselvesNorGiveUpTheRight() {
        // initech's admins come from its identity provider; on this stack nobody has signed in through it yet.
        String solo = members.add("initech", PASSWORD);
        realm.users().get(solo).joinGroup(realm.getGroupByPath("/tenants/initech/admin").getId());
        String other = members.add("initech", PASSWORD);
        String token = login(solo, "initech");

        assertProblem(api.call("DELETE", "/admin/members/" + solo + "/admin", token, null, Map.of()), 409, "last admin");
        assertProblem(api.call("DELETE", "/admin/members/" + solo, token, null, Map.of()), 409, "last admin");
        assertThat(groupPaths(members.username(solo))).contains("/tenants/initech/admin");

        assertThat(api.call("PUT", "/admin/members/" + other + "/admin", token, null, Map.of()).status()).isEqualTo(204);
        assertThat(api.call("DELETE", "/admin/members/" + solo + "/admin", token, null, Map.of()).status()).as("with another admin").isEqualTo(204);
        assertThat(groupPaths(members.username(solo))).isEmpty();
    }

    @Test
    void whenKeycloakRefusesTheServiceAccountAdminsGet502AndItRecoversOnceItIsEnabledAgain() {
        String adam = api.adminToken("adam");
        assertThat(api.get("/admin/members", adam).status()).isEqualTo(200);
        var client = realm.clients().get(realm.clients().findByClientId("gatehouse-tenant-admin").get(0).getId());
        var representation = client.toRepresentation();
        representation.setEnabled(false);
        client.update(representation);
        try {
            // The first call finds its cached token refused, the next one is refused a new token: both say so.
            assertProblem(api.get("/admin/members", adam), 502, "refused");
            assertProblem(api.get("/admin/members", adam), 502, "refused the tenant self-service account");
        } finally {
            representation.setEnabled(true);
            client.update(representation);
        }
        assertThat(api.get("/admin/members", adam).status()).isEqualTo(200);
    }

    private String login(String userId, String organization) {
        try {
            return BrowserLogin.forWebClient(stack.config()).asking("mfa").login(members.username(userId), PASSWORD, "openid organization:" + organization).accessToken();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> memberUsernames(String organization) {
        return realm.organizations().get(NewMembers.organizationId(realm, organization)).members().list(0, 1000).stream().map(UserRepresentation::getUsername).toList();
    }

    private List<String> groupPaths(String username) {
        return realm.users().get(userId(username)).groups().stream().map(GroupRepresentation::getPath).toList();
    }

    private String userId(String username) {
        return realm.users().searchByUsername(username, true).get(0).getId();
    }


    /** The listed invitation to this address; exactly one. */
    private static JsonNode invitation(Api.Response listed, String email) {
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        listed.json().path("items").forEach(item -> {
            if (item.path("email").asText().equals(email)) {
                found.add(item);
            }
        });
        assertThat(found).as(listed.toString()).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Boolean> admins(Api.Response listed) {
        Map<String, Boolean> admins = new java.util.HashMap<>();
        for (JsonNode member : listed.json().path("items")) {
            admins.put(member.path("username").asText(), member.path("admin").asBoolean());
        }
        return admins;
    }

    private static void assertProblem(Api.Response response, int status) {
        assertProblem(response, status, "");
    }

    private static void assertProblem(Api.Response response, int status, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).as(response.toString()).contains(detail);
    }
}
