package io.gatehouse.stack.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.StackConfig;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Signs a user in the way a browser does: authorization code with PKCE S256 through Keycloak's own login
 * form, then the code exchange. Cookies are kept by hand because Keycloak marks them Secure, and the JDK's
 * cookie manager drops Secure cookies on http://127.0.0.1 where browsers keep them.
 */
public final class BrowserLogin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FORM_STEPS = 3;
    private static final String ERROR_SELECTOR = "#input-error, #input-error-username, #input-error-password, .kc-feedback-text, .pf-m-danger, .alert-error, #kc-error-message";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String realmUrl;
    private final String clientId;
    private final String redirectUri;

    public BrowserLogin(String keycloakUrl, String realm, String clientId, String redirectUri) {
        this.realmUrl = keycloakUrl + "/realms/" + realm;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    /** The realm's browser client as the web front-end uses it; its redirect URI is the one the realm file allows. */
    public static BrowserLogin forWebClient(StackConfig config) {
        return new BrowserLogin(config.keycloakUrl(), StackConfig.REALM, StackConfig.WEB_CLIENT, config.webUrl() + "/");
    }

    public record Tokens(String accessToken, String idToken, String refreshToken) {
    }

    /** Thrown when Keycloak does not sign the user in; the message is what its page said. */
    public static final class LoginRefused extends IOException {
        private static final long serialVersionUID = 1L;

        LoginRefused(String message) {
            super(message);
        }
    }

    public Tokens login(String username, String password, String scope) throws IOException, InterruptedException {
        Map<String, String> cookies = new LinkedHashMap<>();
        String verifier = random(32);
        String state = random(16);
        String authorize = realmUrl + "/protocol/openid-connect/auth?" + form(Map.of(
                "client_id", clientId, "response_type", "code", "scope", scope, "redirect_uri", redirectUri,
                "state", state, "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(authorize)).GET(), cookies);
        String location = null;
        // With organizations on, Keycloak asks for the username first and the password on a second page.
        for (int step = 0; step < MAX_FORM_STEPS && location == null; step++) {
            Element loginForm = Jsoup.parse(page.body(), page.uri().toString()).selectFirst("form#kc-form-login");
            if (page.statusCode() != 200 || loginForm == null) {
                throw new LoginRefused("login of " + username + " refused: " + pageMessage(page.body()));
            }
            if (step > 0 && Jsoup.parse(page.body()).selectFirst(ERROR_SELECTOR) != null) {
                throw new LoginRefused("login of " + username + " refused: " + pageMessage(page.body()));
            }
            Map<String, String> fields = new LinkedHashMap<>();
            if (loginForm.selectFirst("input[name=username]") != null) {
                fields.put("username", username);
            }
            if (loginForm.selectFirst("input[name=password]") != null) {
                fields.put("password", password);
                fields.put("credentialId", "");
            }
            page = send(HttpRequest.newBuilder(URI.create(loginForm.absUrl("action")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))), cookies);
            if (page.statusCode() == 302) {
                location = page.headers().firstValue("Location").orElse("");
            }
        }
        if (location == null || !location.startsWith(redirectUri)) {
            throw new LoginRefused("login of " + username + " did not reach the redirect URI: " + (location != null ? location : pageMessage(page.body())));
        }
        Map<String, String> callback = query(URI.create(location).getRawQuery());
        if (!state.equals(callback.get("state")) || callback.get("code") == null) {
            throw new LoginRefused("Keycloak redirected without a code for this state: " + callback.getOrDefault("error", "?"));
        }
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "client_id", clientId,
                        "code", callback.get("code"), "redirect_uri", redirectUri, "code_verifier", verifier)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new LoginRefused("code exchange refused: HTTP " + token.statusCode() + " " + token.body());
        }
        JsonNode body = JSON.readTree(token.body());
        return new Tokens(body.path("access_token").asText(), body.path("id_token").asText(null), body.path("refresh_token").asText(null));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getMaxAge() == 0) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        }
        return response;
    }

    /** The error Keycloak's page shows, e.g. "Invalid username or password." */
    private static String pageMessage(String html) {
        Document page = Jsoup.parse(html == null ? "" : html);
        Element error = page.selectFirst(ERROR_SELECTOR);
        String text = error != null ? error.text() : page.title();
        return text.isBlank() ? "no message" : text;
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
