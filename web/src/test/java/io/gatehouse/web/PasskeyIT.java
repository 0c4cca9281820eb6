package io.gatehouse.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.AuthenticatorApp;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.keycloak.NewMembers;
import io.gatehouse.stack.keycloak.ThrowawayRealm;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A passkey (WebAuthn passwordless) registered on Keycloak's own page and then used to sign in without a password,
 * and without the authenticator app code acme asks after a password (a passkey is two factors in one), in Chromium with Selenium's virtual authenticator (a platform authenticator with user verification, over CDP).
 * Browsers take passkeys only for a domain name, never for an IP address, so this runs on a copy of the realm whose
 * front-end URL is {@code http://localhost:<port>} (a secure context, the relying party {@code localhost}); the
 * stack's own realm stays on 127.0.0.1.
 */
@WithStack({Component.WEB, Component.LIBERTY, Component.KEYCLOAK})
class PasskeyIT {
    private static final String PASSWORD = "Passkey-Gatehouse-1";
    private static final String SCOPE = "openid organization";

    @Test
    void aPasskeyRegisteredOnKeycloaksPageSignsInWithoutAPassword(Stack stack) throws Exception {
        KeycloakSettings keycloak = KeycloakSettings.of(stack.config());
        String localhost = keycloak.url().replace("://127.0.0.1:", "://localhost:");
        try (ThrowawayRealm copy = ThrowawayRealm.ofTheDemo(keycloak, localhost); NewMembers members = new NewMembers(copy.realm());
             Browser browser = Browser.laptop()) {
            // Back to a page that runs no script (the web page would start its own sign-in at once and take the code).
            String redirectUri = localhost + "/realms/" + copy.name() + "/signed-in";
            ClientRepresentation web = copy.realm().clients().findByClientId(StackConfig.WEB_CLIENT).get(0);
            web.setRedirectUris(List.of(redirectUri));
            copy.realm().clients().get(web.getId()).update(web);
            String id = members.add("acme", PASSWORD);
            String username = members.username(id);
            String realmUrl = localhost + "/realms/" + copy.name();
            ChromeDriver driver = browser.driver();
            VirtualAuthenticator authenticator = driver.addVirtualAuthenticator(options());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            // Registration: the password once, then Keycloak's passkey page asked for by the client (kc_action).
            BrowserLogin client = new BrowserLogin(localhost, copy.name(), StackConfig.WEB_CLIENT, redirectUri);
            BrowserLogin.CodeRequest registration = client.codeRequest(SCOPE, Map.of("kc_action", "webauthn-register-passwordless"));
            driver.get(registration.url());
            List<String> pages = signInUntilPasskeyPage(driver, wait, realmUrl, username);
            assertThat(pages).as("the password once, and the authenticator app acme requires, before the registration")
                    .containsSubsequence("password", "authenticator app");
            driver.findElement(By.id("registerWebAuthn")).click();
            Alert label = wait.until(ExpectedConditions.alertIsPresent());
            label.sendKeys("test laptop");
            label.accept();
            wait.until(d -> d.getCurrentUrl().startsWith(redirectUri));
            assertThat(claims(registration.exchange(driver.getCurrentUrl())).path("sub").asText()).isEqualTo(id);
            assertThat(copy.realm().users().get(id).credentials()).extracting(CredentialRepresentation::getType).contains("webauthn-passwordless");
            assertThat(authenticator.getCredentials()).as("a discoverable credential on the authenticator").hasSize(1)
                    .allSatisfy(credential -> assertThat(credential.isResidentCredential()).isTrue());

            // A new sign-in in a fresh browser (no Keycloak session, no cookie) holding the same passkey: the passkey alone.
            try (Browser other = Browser.laptop()) {
                ChromeDriver fresh = other.driver();
                VirtualAuthenticator same = fresh.addVirtualAuthenticator(options());
                authenticator.getCredentials().forEach(same::addCredential);
                signInWithThePasskey(fresh, new WebDriverWait(fresh, Duration.ofSeconds(20)), client, redirectUri, id);
            }
        }
    }

    /** Signs in on Keycloak's first page with the passkey alone (no username, no password); checks the token's user. */
    private static void signInWithThePasskey(ChromeDriver driver, WebDriverWait wait, BrowserLogin client, String redirectUri, String id)
            throws Exception {
        BrowserLogin.CodeRequest signIn = client.codeRequest(SCOPE, Map.of());
        driver.get(signIn.url());
        // Chromium may answer the page's passkey autofill request (conditional mediation) by itself; else the button.
        wait.until(d -> d.getCurrentUrl().startsWith(redirectUri) || !d.findElements(By.cssSelector("#authenticateWebAuthnButton, #password")).isEmpty());
        if (!driver.getCurrentUrl().startsWith(redirectUri)) {
            assertThat(driver.findElements(By.id("password"))).as("no password field on the first page").isEmpty();
            driver.findElement(By.id("authenticateWebAuthnButton")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(redirectUri) || !d.findElements(By.id("password")).isEmpty());
        }
        assertThat(driver.getCurrentUrl()).as("signed in by the passkey, never asked for the password").startsWith(redirectUri);
        JsonNode claims = claims(signIn.exchange(driver.getCurrentUrl()));
        assertThat(claims.path("sub").asText()).isEqualTo(id);
        assertThat(claims.path("organization").toString()).contains("acme");
    }

    /** The access token's claims, read rather than verified: Keycloak issued it to this test a moment ago. */
    private static JsonNode claims(BrowserLogin.Tokens tokens) throws Exception {
        return BrowserLogin.claims(tokens.accessToken());
    }

    /** A platform authenticator (a laptop's) with user verification, holding discoverable credentials: what passkeys need. */
    private static VirtualAuthenticatorOptions options() {
        return new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL).setHasResidentKey(true).setHasUserVerification(true)
                .setIsUserVerified(true).setIsUserConsenting(true);
    }

    /**
     * Types the username and password on Keycloak's pages, and sets up the authenticator app acme requires, until the
     * passkey registration page shows; the pages met, by what they asked.
     */
    private static List<String> signInUntilPasskeyPage(ChromeDriver driver, WebDriverWait wait, String realmUrl, String username)
            throws InterruptedException {
        List<String> pages = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            wait.until(d -> !d.findElements(By.cssSelector("#registerWebAuthn, #username, #password, #totp")).isEmpty());
            if (!driver.findElements(By.id("registerWebAuthn")).isEmpty()) {
                return pages;
            }
            WebElement page = driver.findElement(By.tagName("html"));
            List<WebElement> user = driver.findElements(By.id("username"));
            if (!user.isEmpty() && user.get(0).isEnabled() && user.get(0).isDisplayed()) {
                user.get(0).clear();
                user.get(0).sendKeys(username);
                pages.add("username");
            }
            List<WebElement> password = driver.findElements(By.id("password"));
            if (!password.isEmpty()) {
                password.get(0).sendKeys(PASSWORD);
                pages.add("password");
            }
            List<WebElement> totp = driver.findElements(By.id("totp"));
            if (!totp.isEmpty()) {
                AuthenticatorApp.enrol(realmUrl, username, driver.findElement(By.name("totpSecret")).getDomAttribute("value"));
                totp.get(0).sendKeys(AuthenticatorApp.nextCode(realmUrl, username));
                pages.add("authenticator app");
            }
            driver.findElement(By.cssSelector("#kc-login, form input[type=submit], form button[type=submit]")).click();
            wait.until(ExpectedConditions.stalenessOf(page));
        }
        throw new AssertionError("no passkey registration page; pages: " + pages + ", at " + driver.getCurrentUrl());
    }
}
