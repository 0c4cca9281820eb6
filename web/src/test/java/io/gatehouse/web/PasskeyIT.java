package io.gatehouse.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.AuthenticatorApp;
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

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Passkey-Gatehouse-1";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

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
            Authorization registration = new Authorization(realmUrl, redirectUri, "webauthn-register-passwordless");
            driver.get(registration.url());
            List<String> pages = signInUntilPasskeyPage(driver, wait, realmUrl, username);
            assertThat(pages).as("the password once, and the authenticator app acme requires, before the registration")
                    .containsSubsequence("password", "authenticator app");
            driver.findElement(By.id("registerWebAuthn")).click();
            Alert label = wait.until(ExpectedConditions.alertIsPresent());
            label.sendKeys("test laptop");
            label.accept();
            wait.until(d -> d.getCurrentUrl().startsWith(redirectUri));
            assertThat(registration.tokens(http, driver.getCurrentUrl()).path("sub").asText()).isEqualTo(id);
            assertThat(copy.realm().users().get(id).credentials()).extracting(CredentialRepresentation::getType).contains("webauthn-passwordless");
            assertThat(authenticator.getCredentials()).as("a discoverable credential on the authenticator").hasSize(1)
                    .allSatisfy(credential -> assertThat(credential.isResidentCredential()).isTrue());

            // A new sign-in in a fresh browser (no Keycloak session, no cookie) holding the same passkey: the passkey alone.
            try (Browser other = Browser.laptop()) {
                ChromeDriver fresh = other.driver();
                VirtualAuthenticator same = fresh.addVirtualAuthenticator(options());
                authenticator.getCredentials().forEach(same::addCredential);
                signInWithThePasskey(fresh, new WebDriverWait(fresh, Duration.ofSeconds(20)), realmUrl, redirectUri, id);
            }
        }
    }

    /** Signs in on Keycloak's first page with the passkey alone (no username, no password); checks the token's user. */
    private void signInWithThePasskey(ChromeDriver driver, WebDriverWait wait, String realmUrl, String redirectUri, String id) throws Exception {
        Authorization signIn = new Authorization(realmUrl, redirectUri, null);
        driver.get(signIn.url());
        // Chromium may answer the page's passkey autofill request (conditional mediation) by itself; else the button.
        wait.until(d -> d.getCurrentUrl().startsWith(redirectUri) || !d.findElements(By.cssSelector("#authenticateWebAuthnButton, #password")).isEmpty());
        if (!driver.getCurrentUrl().startsWith(redirectUri)) {
            assertThat(driver.findElements(By.id("password"))).as("no password field on the first page").isEmpty();
            driver.findElement(By.id("authenticateWebAuthnButton")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(redirectUri) || !d.findElements(By.id("password")).isEmpty());
        }
        assertThat(driver.getCurrentUrl()).as("signed in by the passkey, never asked for the password").startsWith(redirectUri);
        JsonNode claims = signIn.tokens(http, driver.getCurrentUrl());
        assertThat(claims.path("sub").asText()).isEqualTo(id);
        assertThat(claims.path("organization").toString()).contains("acme");
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

    /** One authorization code request of the web client with PKCE S256, and its code exchange. */
    private record Authorization(String realmUrl, String redirectUri, String action, String state, String verifier) {
        Authorization(String realmUrl, String redirectUri, String action) {
            this(realmUrl, redirectUri, action, UUID.randomUUID().toString(), UUID.randomUUID() + "-" + UUID.randomUUID());
        }

        String url() throws Exception {
            Map<String, String> parameters = new LinkedHashMap<>(Map.of("client_id", StackConfig.WEB_CLIENT, "response_type", "code",
                    "scope", "openid organization", "redirect_uri", redirectUri, "state", state, "code_challenge_method", "S256",
                    "code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)))));
            if (action != null) {
                parameters.put("kc_action", action);
            }
            return realmUrl + "/protocol/openid-connect/auth?" + form(parameters);
        }

        /** The access token's claims for the code in {@code callback}, after checking the state. */
        JsonNode tokens(HttpClient http, String callback) throws Exception {
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : URI.create(callback).getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], java.net.URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
            }
            assertThat(query).as(callback).containsEntry("state", state).containsKey("code");
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "client_id", StackConfig.WEB_CLIENT,
                            "code", query.get("code"), "redirect_uri", redirectUri, "code_verifier", verifier)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            String access = JSON.readTree(token.body()).path("access_token").asText();
            return JSON.readTree(Base64.getUrlDecoder().decode(access.split("\\.")[1]));
        }

        private static String form(Map<String, String> fields) {
            return fields.entrySet().stream().map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
        }
    }
}
