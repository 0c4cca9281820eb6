package io.gatehouse.web;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.AuthenticatorApp;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Second factors on Keycloak's own pages in Chromium: an authenticator app (TOTP) set up with the secret the page
 * shows and asked for at every sign-in with a password, and recovery codes that each work once.
 */
@WithStack({Component.WEB, Component.LIBERTY, Component.KEYCLOAK})
class SecondFactorIT {
    private Stack stack;
    private DemoRealm demo;
    private OpenBrowsers browsers;

    @BeforeEach
    void connect(Stack stack) {
        this.stack = stack;
        this.demo = new DemoRealm(stack);
        this.browsers = new OpenBrowsers(stack);
    }

    @AfterEach
    void cleanUp() {
        browsers.close();
        demo.close();
    }

    private GatehousePage page() {
        return browsers.page();
    }

    private String realmUrl() {
        return KeycloakSettings.of(stack.config()).url() + "/realms/" + StackConfig.REALM;
    }

    @Test
    void anAuthenticatorAppIsSetUpOnKeycloaksPageAndItsCodeIsAskedAtTheNextSignIn() throws Exception {
        String user = demo.newMember("acme", "CONFIGURE_TOTP");

        page().open().signIn(user, DemoRealm.NEW_MEMBER_PASSWORD);

        assertThat(AuthenticatorApp.isEnrolled(realmUrl(), user)).as("the setup page was shown and answered").isTrue();
        assertThat(demo.credentialTypes(user)).contains("otp");

        GatehousePage again = page().open().signInUpToTheSecondFactor(user, DemoRealm.NEW_MEMBER_PASSWORD);
        assertThat(again.codePrompt()).isEqualTo("One-time code");
        again.enterCode(AuthenticatorApp.wrongCode(realmUrl(), user));
        assertThat(again.keycloakError()).isEqualTo("Invalid authenticator code.");
        again.enterCode(AuthenticatorApp.nextCode(realmUrl(), user)).awaitSignedIn();
        assertThat(again.text("user-tenant")).isEqualTo("acme");
    }

    @Test
    void aRecoveryCodeSignsInOnceAndIsRefusedTheSecondTime() throws Exception {
        String user = demo.newMember("acme", "CONFIGURE_TOTP", "CONFIGURE_RECOVERY_AUTHN_CODES");
        GatehousePage setup = page().open().signIn(user, DemoRealm.NEW_MEMBER_PASSWORD);
        List<String> codes = setup.recoveryCodes();
        assertThat(codes).as("Keycloak's recovery codes page").hasSize(12);
        assertThat(demo.credentialTypes(user)).contains("otp", "recovery-authn-codes");

        GatehousePage first = page().open().signInUpToTheSecondFactor(user, DemoRealm.NEW_MEMBER_PASSWORD).tryAnotherWay("Recovery");
        assertThat(first.codePrompt()).isEqualTo("Recovery code #1");
        first.enterCode(codes.get(0)).awaitSignedIn();
        first.click("logout");
        first.awaitLoginPage();

        GatehousePage second = page().open().signInUpToTheSecondFactor(user, DemoRealm.NEW_MEMBER_PASSWORD).tryAnotherWay("Recovery");
        assertThat(second.codePrompt()).as("the used code is spent: Keycloak asks for the next").isEqualTo("Recovery code #2");
        second.enterCode(codes.get(0));
        assertThat(second.keycloakError()).as("the first code again").isNotBlank();
        assertThat(second.onKeycloak()).isTrue();
        second.enterCode(codes.get(1)).awaitSignedIn();
        assertThat(second.text("user-tenant")).isEqualTo("acme");
    }
}
