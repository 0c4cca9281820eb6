package io.gatehouse.realm;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.AuthenticatorApp;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.keycloak.NewMembers;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tenant's second-factor policy is data on its organization (attribute {@code gatehouse.second-factor}), read by
 * the sign-in flow through Gatehouse's Keycloak provider: acme requires a second factor of everyone, so a member
 * without one sets up an authenticator app at the password sign-in; globex does not, so its people keep signing in
 * with the password alone. Changing the attribute changes the policy, with no edit of the flow.
 */
@WithStack(Component.KEYCLOAK)
class OrganizationSecondFactorIT {
    private static final String PASSWORD = "Policy-Gatehouse-1";

    @Test
    void acmeRequiresASecondFactorOfEveryoneAndGlobexDoesNotAndTheAttributeDecides(Stack stack) throws Exception {
        KeycloakSettings keycloak = KeycloakSettings.of(stack.config());
        String realmUrl = keycloak.url() + "/realms/" + StackConfig.REALM;
        BrowserLogin login = BrowserLogin.forWebClient(stack.config());
        try (Keycloak admin = keycloak.admin(); NewMembers members = new NewMembers(admin.realm(StackConfig.REALM))) {
            RealmResource realm = admin.realm(StackConfig.REALM);
            String acmeMember = members.username(members.add("acme", PASSWORD));
            String globexMember = members.username(members.add("globex", PASSWORD));

            assertThatThrownBy(() -> login.asPerson(null).login(acmeMember, PASSWORD, "openid organization"))
                    .as("the password alone is not enough in acme").isInstanceOf(BrowserLogin.LoginRefused.class)
                    .hasMessageContaining("to set up an authenticator app");
            login.login(acmeMember, PASSWORD, "openid organization");
            assertThat(AuthenticatorApp.isEnrolled(realmUrl, acmeMember)).as("set up on the way").isTrue();
            assertThat(credentialTypes(realm, acmeMember)).contains("otp");
            login.login(acmeMember, PASSWORD, "openid organization");

            login.asPerson(null).login(globexMember, PASSWORD, "openid organization");
            assertThat(credentialTypes(realm, globexMember)).as("globex asks for nothing more").containsExactly("password");

            OrganizationResource acme = realm.organizations().get(NewMembers.organizationId(realm, "acme"));
            OrganizationRepresentation policy = acme.toRepresentation();
            Map<String, List<String>> required = policy.getAttributes();
            try {
                policy.setAttributes(Map.of());
                acme.update(policy).close();
                String later = members.username(members.add("acme", PASSWORD));
                login.asPerson(null).login(later, PASSWORD, "openid organization");
                assertThat(credentialTypes(realm, later)).as("acme without the attribute").containsExactly("password");
            } finally {
                policy.setAttributes(required);
                acme.update(policy).close();
            }
            assertThat(acme.toRepresentation().getAttributes()).containsEntry("gatehouse.second-factor", List.of("required"));
        }
    }

    private static List<String> credentialTypes(RealmResource realm, String username) {
        return realm.users().get(realm.users().searchByUsername(username, true).get(0).getId()).credentials().stream()
                .map(CredentialRepresentation::getType).toList();
    }
}
