package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.web.WebSettings;

import java.io.IOException;
import java.security.KeyPair;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Enterprise sign-ins on the stack's gatehouse realm, through Keycloak's own pages: Globex's people from its
 * LDAP directory (read-only federation, the directory's admin group mapped to the admin role), and Initech's
 * people through Initech's own OpenID provider (the realm initech-idp), and Umbrella's through its SAML 2.0 identity
 * provider (the realm umbrella-idp, signed responses and assertions, keys from its metadata), each chosen by the e-mail
 * domain. Responses stripped of their signatures, signed by another key or changed under the signature are refused.
 */
@WithStack(Component.KEYCLOAK)
class EnterpriseSsoIT {
    private static final String REALM = "gatehouse";
    private Stack stack;

    @BeforeEach
    void connect(Stack stack) {
        this.stack = stack;
    }

    private JsonNode signIn(String username, String password) throws IOException, InterruptedException {
        return TestRealm.signIn(stack, REALM, username, password);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private UserRepresentation user(RealmResource realm, String email) {
        List<UserRepresentation> found = realm.users().searchByEmail(email, true);
        assertThat(found).as("user " + email).hasSize(1);
        return found.get(0);
    }

    @Test
    void aDirectoryUserSignsInWithTheDirectoryPasswordAndGetsTheTenantAndTheDefaultRole() throws Exception {
        JsonNode claims = signIn("grace", "Grace-Gatehouse-1");

        assertThat(texts(claims.path("organization"))).containsExactly("globex");
        assertThat(texts(claims.path("groups"))).contains("user");
        assertThat(texts(claims.path("tenant_groups"))).as("no admin group").isEmpty();
        assertThat(claims.path("email").asText()).isEqualTo("grace@globex.test");
        assertThat(claims.path("given_name").asText()).as("mapped from givenName").isEqualTo("Grace");
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            RealmResource realm = keycloak.realm(REALM);
            ComponentRepresentation directory = realm.components().query(null, "org.keycloak.storage.UserStorageProvider", "globex-ldap").get(0);
            assertThat(user(realm, "grace@globex.test").getFederationLink()).as("grace lives in the directory").isEqualTo(directory.getId());
        }
    }

    @Test
    void theDirectorysAdminGroupMakesAnAdminOfItsOwnTenantOnly() throws Exception {
        JsonNode claims = signIn("gus", "Gus-Gatehouse-1");

        assertThat(texts(claims.path("organization"))).containsExactly("globex");
        assertThat(texts(claims.path("tenant_groups"))).as("placed under the directory's tenant by the group mapper")
                .containsExactly("/tenants/globex/admin");
        assertThat(texts(claims.path("groups"))).as("no realm-wide admin role").contains("user").doesNotContain("admin");
    }

    @Test
    void aWrongDirectoryPasswordIsRefused() {
        assertThatThrownBy(() -> signIn("grace", "Not-Grace-Password-1"))
                .isInstanceOf(BrowserLogin.LoginRefused.class).hasMessageContaining("Invalid username or password");
    }

    @Test
    void keycloakCannotChangeWhatTheDirectoryOwns() throws Exception {
        signIn("gus", "Gus-Gatehouse-1");
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            RealmResource realm = keycloak.realm(REALM);
            UserRepresentation gus = user(realm, "gus@globex.test");
            gus.setEmail("someone-else@globex.test");

            assertThatThrownBy(() -> realm.users().get(gus.getId()).update(gus)).as("read-only federation").isInstanceOf(BadRequestException.class);
            assertThat(user(realm, "gus@globex.test").getEmail()).isEqualTo("gus@globex.test");
        }
    }

    @Test
    void aCompanyUserIsSentToTheirIdentityProviderByDomainAndLandsInTheirTenant() throws Exception {
        JsonNode claims = signIn("ivy@initech.test", "Ivy-Gatehouse-1");

        assertThat(texts(claims.path("organization"))).containsExactly("initech");
        assertThat(texts(claims.path("groups"))).contains("user");
        assertThat(texts(claims.path("tenant_groups"))).isEmpty();
        assertThat(claims.path("email").asText()).isEqualTo("ivy@initech.test");
        assertThat(claims.path("preferred_username").asText()).as("brokered usernames are e-mails: no clash with local ones").isEqualTo("ivy@initech.test");
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            RealmResource realm = keycloak.realm(REALM);
            List<FederatedIdentityRepresentation> links = realm.users().get(user(realm, "ivy@initech.test").getId()).getFederatedIdentity();
            assertThat(links).extracting(FederatedIdentityRepresentation::getIdentityProvider).containsExactly("initech-sso");
        }
        assertThat(texts(signIn("ivy@initech.test", "Ivy-Gatehouse-1").path("organization"))).as("a second sign-in").containsExactly("initech");
    }

    @Test
    void theCompanysAdminGroupMakesAnAdminOfItsOwnTenantThroughTheBrokerMapper() throws Exception {
        JsonNode claims = signIn("ian@initech.test", "Ian-Gatehouse-1");

        assertThat(texts(claims.path("organization"))).containsExactly("initech");
        assertThat(texts(claims.path("tenant_groups"))).containsExactly("/tenants/initech/admin");
        assertThat(texts(claims.path("groups"))).contains("user").doesNotContain("admin");
    }

    @Test
    void theCompanysIdentityProviderRefusesAWrongPassword() {
        assertThatThrownBy(() -> signIn("ivy@initech.test", "Not-Ivy-Password-1"))
                .isInstanceOf(BrowserLogin.LoginRefused.class).hasMessageContaining("Invalid username or password");
    }

    @Test
    void aSamlCompanyUserIsSentToTheirIdentityProviderByDomainWithSignedAssertionsAndLandsInTheirTenant() throws Exception {
        JsonNode claims = signIn("uma@umbrella.test", "Uma-Gatehouse-1");

        assertThat(texts(claims.path("organization"))).containsExactly("umbrella");
        assertThat(texts(claims.path("groups"))).contains("user");
        assertThat(texts(claims.path("tenant_groups"))).isEmpty();
        assertThat(claims.path("preferred_username").asText()).isEqualTo("uma@umbrella.test");
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            RealmResource realm = keycloak.realm(REALM);
            UserRepresentation uma = user(realm, "uma@umbrella.test");
            assertThat(uma.getFirstName() + " " + uma.getLastName()).as("from the assertion's attributes").isEqualTo("Uma Umbrella");
            assertThat(realm.users().get(uma.getId()).getFederatedIdentity()).extracting(FederatedIdentityRepresentation::getIdentityProvider)
                    .containsExactly("umbrella-saml");
        }
        assertThat(texts(signIn("uma@umbrella.test", "Uma-Gatehouse-1").path("organization"))).as("a second sign-in").containsExactly("umbrella");
    }

    @Test
    void theSamlCompanysRoleAttributeMakesAnAdminOfItsOwnTenantThroughTheBrokerMapper() throws Exception {
        JsonNode claims = signIn("ulf@umbrella.test", "Ulf-Gatehouse-1");

        assertThat(texts(claims.path("organization"))).containsExactly("umbrella");
        assertThat(texts(claims.path("tenant_groups"))).containsExactly("/tenants/umbrella/admin");
    }

    @Test
    void aSamlResponseUnsignedOrSignedByAnotherKeyOrChangedUnderItsSignatureIsRefused() throws Exception {
        KeyPair stranger = SamlTampering.newKey();
        List<UnaryOperator<String>> attacks = List.of(SamlTampering::unsigned, response -> SamlTampering.signedBy(stranger, response),
                response -> SamlTampering.withAttribute(response, "Role", "gatehouse-admin"));
        for (UnaryOperator<String> attack : attacks) {
            BrowserLogin tampered = new BrowserLogin(TestRealm.keycloakUrl(stack), REALM, StackConfig.WEB_CLIENT, WebSettings.of(stack.config()).url() + "/")
                    .rewritingSamlResponses(attack);
            assertThatThrownBy(() -> tampered.login("uma@umbrella.test", "Uma-Gatehouse-1", "openid organization"))
                    .isInstanceOf(BrowserLogin.LoginRefused.class).hasMessageContaining("signature");
        }
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            RealmResource realm = keycloak.realm(REALM);
            for (UserRepresentation user : realm.users().searchByEmail("uma@umbrella.test", true)) {
                assertThat(realm.users().get(user.getId()).groups()).as("no admin right from a changed role").isEmpty();
            }
        }
        assertThat(texts(signIn("uma@umbrella.test", "Uma-Gatehouse-1").path("organization"))).as("the untouched response").containsExactly("umbrella");
    }
}
