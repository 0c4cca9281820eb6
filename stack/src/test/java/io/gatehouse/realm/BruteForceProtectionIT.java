package io.gatehouse.realm;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.web.WebSettings;
import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The login protections the realm file sets, exercised through Keycloak's own login page. */
@WithStack(Component.KEYCLOAK)
class BruteForceProtectionIT {
    private static final String PASSWORD = "Bob-Gatehouse-1";

    private static BrowserLogin loginPage(Stack stack, String realm) {
        return new BrowserLogin(stack.server(KeycloakServer.class).settings().url(), realm, StackConfig.WEB_CLIENT, WebSettings.of(stack.config()).url() + "/");
    }

    /** Signs bob in with wrong passwords, each refused, {@code pauseMillis} apart. */
    private static void failLogins(BrowserLogin login, int attempts, long pauseMillis) throws InterruptedException {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String wrong = "Wrong-Password-" + attempt;
            assertThatThrownBy(() -> login.login("bob", wrong, "openid")).isInstanceOf(BrowserLogin.LoginRefused.class);
            Thread.sleep(pauseMillis);
        }
    }

    @Test
    void fiveWrongPasswordsLockTheAccountUntilAnAdminClearsIt(Stack stack, @TempDir Path dir) throws Exception {
        String realm = TestRealm.applied(stack, dir);
        BrowserLogin login = loginPage(stack, realm);
        // Failures under a second apart trip Keycloak's quick-login check, which locks at once; spaced out,
        // it is the realm's failure factor (5) that locks.
        failLogins(login, 5, 1_100);

        assertThatThrownBy(() -> login.login("bob", PASSWORD, "openid")).as("the right password while locked")
                .isInstanceOf(BrowserLogin.LoginRefused.class);
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            String bob = keycloak.realm(realm).users().searchByUsername("bob", true).get(0).getId();
            Map<String, Object> status = keycloak.realm(realm).attackDetection().bruteForceUserStatus(bob);
            assertThat(status).containsEntry("disabled", true);
            assertThat(((Number) status.get("numFailures")).intValue()).isEqualTo(5);

            keycloak.realm(realm).attackDetection().clearBruteForceForUser(bob);
        }
        assertThat(login.login("bob", PASSWORD, "openid").accessToken()).isNotBlank();
    }

    @Test
    void failuresInQuickSuccessionLockAtOnce(Stack stack, @TempDir Path dir) throws Exception {
        String realm = TestRealm.applied(stack, dir);
        BrowserLogin login = loginPage(stack, realm);
        failLogins(login, 2, 0);
        assertThatThrownBy(() -> login.login("bob", PASSWORD, "openid")).isInstanceOf(BrowserLogin.LoginRefused.class);
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            String bob = keycloak.realm(realm).users().searchByUsername("bob", true).get(0).getId();
            assertThat(keycloak.realm(realm).attackDetection().bruteForceUserStatus(bob)).containsEntry("disabled", true);
        }
    }

    @Test
    void thePasswordPolicyRefusesAWeakPassword(Stack stack, @TempDir Path dir) throws Exception {
        String realm = TestRealm.applied(stack, dir);
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            String alice = keycloak.realm(realm).users().searchByUsername("alice", true).get(0).getId();
            CredentialRepresentation weak = new CredentialRepresentation();
            weak.setType(CredentialRepresentation.PASSWORD);
            weak.setValue("alice12345");
            weak.setTemporary(false);
            assertThatThrownBy(() -> keycloak.realm(realm).users().get(alice).resetPassword(weak)).isInstanceOf(BadRequestException.class);

            CredentialRepresentation strong = new CredentialRepresentation();
            strong.setType(CredentialRepresentation.PASSWORD);
            strong.setValue("Quite-Long-Passw0rd");
            strong.setTemporary(false);
            keycloak.realm(realm).users().get(alice).resetPassword(strong);
        }
    }
}
