package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication flows, required actions, client scopes, the user profile, client policies and groups as code: a
 * change made by hand in Keycloak shows in the plan and the apply takes it back, on a realm that already exists.
 */
@WithStack(Component.KEYCLOAK)
class FlowsAsCodeIT {
    private static final String SCOPE = "gatehouse-test-scope";
    private Stack stack;
    private CliRuns runs;

    @BeforeEach
    void connect(Stack stack) {
        this.stack = stack;
        this.runs = new CliRuns(stack);
    }

    @Test
    void handMadeDriftInFlowsActionsScopesProfilePoliciesAndGroupsIsReportedAndTakenBack(@TempDir Path dir) throws Exception {
        Path file = TestRealm.copy(dir);
        String realm = TestRealm.name(file);
        UPConfig profile;
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            profile = keycloak.realm("gatehouse").users().userProfile().getConfiguration();
        }
        profile.addOrReplaceAttribute(new UPAttribute("department"));
        TestRealm.edit(file, tree -> addScopeProfileAndPolicies(tree, profile));
        CliRuns.Run created = runs.cli("apply", file);
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(runs.cli("plan", file).out()).as("the created realm matches its file").contains("no changes");

        try (Keycloak keycloak = TestRealm.admin(stack)) {
            RealmResource resource = keycloak.realm(realm);
            AuthenticationManagementResource flows = resource.flows();
            AuthenticationExecutionInfoRepresentation otp = flows.getExecutions("gatehouse second factor").stream()
                    .filter(execution -> "auth-otp-form".equals(execution.getProviderId())).findFirst().orElseThrow();
            otp.setRequirement("DISABLED");
            flows.updateExecutions("gatehouse second factor", otp);
            AuthenticationExecutionInfoRepresentation level = flows.getExecutions("gatehouse step-up").stream()
                    .filter(execution -> execution.getAuthenticationConfig() != null).findFirst().orElseThrow();
            AuthenticatorConfigRepresentation config = flows.getAuthenticatorConfig(level.getAuthenticationConfig());
            config.getConfig().put("loa-max-age", "3600");
            flows.updateAuthenticatorConfig(config.getId(), config);

            RequiredActionProviderRepresentation totp = flows.getRequiredAction("CONFIGURE_TOTP");
            totp.setEnabled(false);
            flows.updateRequiredAction("CONFIGURE_TOTP", totp);

            ClientScopeRepresentation scope = resource.clientScopes().findAll().stream()
                    .filter(found -> found.getName().equals(SCOPE)).findFirst().orElseThrow();
            ProtocolMapperRepresentation mapper = scope.getProtocolMappers().get(0);
            mapper.getConfig().put("claim.value", "changed by hand");
            resource.clientScopes().get(scope.getId()).getProtocolMappers().update(mapper.getId(), mapper);

            UPConfig drifted = resource.users().userProfile().getConfiguration();
            drifted.removeAttribute("department");
            resource.users().userProfile().update(drifted);

            ClientPoliciesRepresentation policies = resource.clientPoliciesPoliciesResource().getPolicies(false);
            policies.getPolicies().get(0).setEnabled(false);
            resource.clientPoliciesPoliciesResource().updatePolicies(policies);

            GroupRepresentation tenants = resource.getGroupByPath("/tenants");
            tenants.setAttributes(Map.of("purpose", List.of("changed by hand")));
            resource.groups().group(tenants.getId()).update(tenants);
        }

        CliRuns.Run plan = runs.cli("plan", file);
        assertThat(plan.out()).contains(
                "authentication flow gatehouse browser: update",
                "- auth-otp-form DISABLED (in Keycloak)", "+ auth-otp-form ALTERNATIVE (in the file)",
                "loa-max-age=3600", "required action CONFIGURE_TOTP: update", "enabled: false -> true",
                "client scope " + SCOPE + ": update", "claim.value: \"changed by hand\" -> \"yes\"",
                "user profile " + realm + ": update", "attributes[department]: (missing)",
                "client policies " + realm + ": update", "policies[public clients use PKCE].enabled: false -> true",
                "group /tenants: update", "attributes.purpose:",
                realm + ": 6 changes to change");

        CliRuns.Run apply = runs.cli("apply", file);
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(runs.cli("plan", file).out()).as("the apply took every change back").contains("no changes");
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            RealmResource resource = keycloak.realm(realm);
            assertThat(resource.toRepresentation().getBrowserFlow()).as("still the realm's browser flow").isEqualTo("gatehouse browser");
            assertThat(resource.flows().getFlows()).as("no copy left behind")
                    .noneMatch(flow -> flow.getAlias().endsWith(FlowSwap.BUILDING));
            assertThat(resource.flows().getRequiredAction("CONFIGURE_TOTP").isEnabled()).isTrue();
            assertThat(resource.users().userProfile().getConfiguration().getAttribute("department")).isNotNull();
        }
        // The rebuilt flow signs people in.
        assertThat(TestRealm.signIn(stack, realm, "alice", "Alice-Gatehouse-1").path("preferred_username").asText()).isEqualTo("alice");
    }

    @Test
    void exportWritesTheFlowsRequiredActionsAndPolicies(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("export.json");
        CliRuns.Run export = runs.cli(runs.adminPassword(), "export", "--url", runs.url(), "--realm", "gatehouse", "--output", output.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        JsonNode exported = RealmFile.JSON.readTree(output.toFile());
        assertThat(exported.path("browserFlow").asText()).isEqualTo("gatehouse browser");
        assertThat(exported.path("authenticationFlows").findValuesAsText("alias")).contains("gatehouse browser", "gatehouse step-up");
        assertThat(exported.path("requiredActions").findValuesAsText("alias")).contains("CONFIGURE_TOTP", "CONFIGURE_RECOVERY_AUTHN_CODES");
        assertThat(exported.path("attributes").path("acr.loa.map").asText()).contains("\"mfa\":2");
    }

    /** A client scope with a mapper, a user profile with one more attribute, a client profile and policy, a group attribute. */
    private static void addScopeProfileAndPolicies(ObjectNode realm, UPConfig profile) {
        try {
            realm.set("clientScopes", RealmFile.JSON.readTree("""
                    [{"name": "%s", "protocol": "openid-connect", "attributes": {"include.in.token.scope": "true"},
                      "protocolMappers": [{"name": "marker", "protocol": "openid-connect", "protocolMapper": "oidc-hardcoded-claim-mapper",
                        "config": {"claim.name": "marker", "claim.value": "yes", "access.token.claim": "true", "jsonType.label": "String"}}]}]
                    """.formatted(SCOPE)));
            ObjectNode component = RealmFile.JSON.createObjectNode().put("providerId", "declarative-user-profile");
            component.putObject("config").putArray("kc.user.profile.config").add(RealmFile.JSON.writeValueAsString(profile));
            ((ObjectNode) realm.withObject("/components")).putArray(UserProfileSync.TYPE).add(component);
            realm.set("clientProfiles", RealmFile.JSON.readTree("""
                    {"profiles": [{"name": "pkce", "description": "PKCE with S256",
                      "executors": [{"executor": "pkce-enforcer", "configuration": {"auto-configure": "false"}}]}]}
                    """));
            realm.set("clientPolicies", RealmFile.JSON.readTree("""
                    {"policies": [{"name": "public clients use PKCE", "enabled": true,
                      "conditions": [{"condition": "client-access-type", "configuration": {"type": ["public"]}}], "profiles": ["pkce"]}]}
                    """));
            ((ObjectNode) ((ArrayNode) realm.path("groups")).get(0)).putObject("attributes").putArray("purpose").add("tenants of the demo");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
