package io.gatehouse.stack.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.web.WebSettings;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.HttpCookie;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Signs a user in the way a browser does: authorization code with PKCE S256 through Keycloak's own login
 * form, then the code exchange. Cookies are kept by hand because Keycloak marks them Secure, and the JDK's
 * cookie manager drops Secure cookies on http://127.0.0.1 where browsers keep them.
 */
public final class BrowserLogin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Pages and redirects a login may pass through (a first brokered login has the most). */
    private static final int MAX_STEPS = 16;
    /** The name of the buttons of Keycloak's organization chooser; the pressed one sends its organization's alias. */
    private static final String ORGANIZATION_FIELD = "kc.org";
    /** What Keycloak's pages show on a refusal; a warning (such as "You need to set up Mobile Authenticator") is none. */
    private static final String ERROR_SELECTOR = "#input-error, [id^=input-error-]:not([id^=input-error-container]), .pf-m-danger, "
            + ".pf-m-error, .alert-error, #kc-error-message";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String realmUrl;
    private final String clientId;
    private final String redirectUri;
    private final String acrValues;
    private final UnaryOperator<String> samlResponses;
    private final boolean setsUpAuthenticatorApps;
    /** A code a person read from their own authenticator app, typed where Keycloak asks for one; null: the test's app. */
    private final String typedCode;

    public BrowserLogin(String keycloakUrl, String realm, String clientId, String redirectUri) {
        this.realmUrl = keycloakUrl + "/realms/" + realm;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.acrValues = null;
        this.samlResponses = UnaryOperator.identity();
        this.setsUpAuthenticatorApps = true;
        this.typedCode = null;
    }

    private BrowserLogin(BrowserLogin login, String acrValues, UnaryOperator<String> samlResponses, boolean setsUpAuthenticatorApps,
                         String typedCode) {
        this.realmUrl = login.realmUrl;
        this.clientId = login.clientId;
        this.redirectUri = login.redirectUri;
        this.acrValues = acrValues;
        this.samlResponses = samlResponses;
        this.setsUpAuthenticatorApps = setsUpAuthenticatorApps;
        this.typedCode = typedCode;
    }

    /**
     * The same login as a tool run by a person (the launcher): it never answers Keycloak's authenticator app setup page
     * (the real user would then be asked for codes of an app nobody holds), and where Keycloak asks for a code it
     * types {@code code}, which the person read from their own app (null when they gave none).
     */
    public BrowserLogin asPerson(String code) {
        return new BrowserLogin(this, acrValues, samlResponses, false, code);
    }

    /**
     * The same login asking Keycloak for {@code acrValues} (step-up: "mfa" is the realm's second-factor level). A user
     * who has no second factor yet enrols an authenticator app on the way ({@link AuthenticatorApp} keeps its secret).
     */
    public BrowserLogin asking(String acrValues) {
        return new BrowserLogin(this, acrValues, samlResponses, setsUpAuthenticatorApps, typedCode);
    }

    /**
     * The same login with a man in the middle: each SAML response a SAML identity provider posts back through the
     * browser (base64 XML, as in the form) is replaced by what {@code rewrite} makes of it, before it is posted on.
     */
    public BrowserLogin rewritingSamlResponses(UnaryOperator<String> rewrite) {
        return new BrowserLogin(this, acrValues, rewrite, setsUpAuthenticatorApps, typedCode);
    }

    /** The realm's browser client as the web front-end uses it; its redirect URI is the one the realm file allows. */
    public static BrowserLogin forWebClient(StackConfig config) {
        return new BrowserLogin(KeycloakSettings.of(config).url(), StackConfig.REALM, StackConfig.WEB_CLIENT,
                WebSettings.of(config).url() + "/");
    }

    public record Tokens(String accessToken, String idToken, String refreshToken) {
    }

    /** A token's claims, read rather than verified (for tests and tools: Keycloak issued it to them a moment ago). */
    public static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Thrown when Keycloak does not sign the user in; the message is what its page said. */
    public static final class LoginRefused extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        LoginRefused(String message) {
            this(message, 400);
        }

        LoginRefused(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The token endpoint's HTTP status; 400 for a refusal on a login page. */
        public int status() {
            return status;
        }
    }

    /**
     * Signs the user in. Follows every page Keycloak shows on the way: the identity-first username page of an
     * organization-enabled realm, the password page, a brokered identity provider's own login page (another
     * realm, reached by e-mail domain, over OpenID Connect or SAML's POST binding, which a browser's script submits)
     * and the review-profile page of a first brokered login.
     */
    public Tokens login(String username, String password, String scope) throws IOException, InterruptedException {
        return login(username, password, scope, null);
    }

    /**
     * Signs the user in, picking {@code organization} (an alias) on Keycloak's organization chooser, which a member of
     * several organizations sees when the plain {@code organization} scope is asked for. Without a choice the chooser
     * is a refusal naming the organizations offered.
     */
    public Tokens login(String username, String password, String scope, String organization) throws IOException, InterruptedException {
        CookieJar cookies = new CookieJar();
        CodeRequest request = codeRequest(scope, acrValues == null ? Map.of() : Map.of("acr_values", acrValues));
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(request.url())).GET(), cookies);
        String location = null;
        for (int step = 0; step < MAX_STEPS && location == null; step++) {
            if (page.statusCode() == 302 || page.statusCode() == 303) {
                URI next = page.uri().resolve(page.headers().firstValue("Location").orElse(""));
                if (next.toString().startsWith(redirectUri)) {
                    location = next.toString();
                } else {
                    page = send(HttpRequest.newBuilder(next).GET(), cookies);
                }
                continue;
            }
            Document html = Jsoup.parse(page.body(), page.uri().toString());
            Element form = html.selectFirst("form#kc-form-login, form#kc-update-profile-form, form#kc-idp-review-profile-form, "
                    + "form:has([name=kc.org]), form#kc-otp-login-form, form#kc-totp-settings-form, form[name=saml-post-binding]");
            if (page.statusCode() != 200 || form == null || error(html).isPresent()) {
                throw new LoginRefused("login of " + username + " refused: " + (page.statusCode() == 200 ? "" : "HTTP " + page.statusCode() + " ")
                        + pageMessage(page.body()) + " (" + page.request().method() + " " + page.uri().getPath() + ")", page.statusCode() == 200 ? 400 : page.statusCode());
            }
            Map<String, String> fields = fields(form, username, password);
            secondFactor(fields, username);
            fields.computeIfPresent("SAMLResponse", (name, response) -> samlResponses.apply(response));
            // The chooser is one submit button per organization, each named kc.org with the alias as value.
            if (form.selectFirst("[name=" + ORGANIZATION_FIELD + "]") != null) {
                if (organization == null) {
                    // In alphabetical order: Keycloak lists them in no fixed order.
                    throw new LoginRefused("Keycloak asks " + username + " to choose an organization: "
                            + form.select("[name=" + ORGANIZATION_FIELD + "]").eachAttr("value").stream().sorted().toList());
                }
                fields.put(ORGANIZATION_FIELD, organization);
            }
            page = send(HttpRequest.newBuilder(URI.create(form.absUrl("action")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))), cookies);
        }
        if (location == null) {
            throw new LoginRefused("login of " + username + " did not reach the redirect URI: " + pageMessage(page.body()));
        }
        return request.exchange(location);
    }

    /**
     * A new authorization code request of this login's client and redirect URI, with PKCE S256 and a fresh state, for a
     * caller that works Keycloak's pages itself (a real browser); {@code extra} adds parameters such as
     * {@code kc_action} or {@code acr_values}.
     */
    public CodeRequest codeRequest(String scope, Map<String, String> extra) {
        return new CodeRequest(random(16), random(32), scope, extra);
    }

    /** One authorization code request ({@link #url}) and the exchange of the code Keycloak redirects back with. */
    public final class CodeRequest {
        private final String state;
        private final String verifier;
        private final String url;

        private CodeRequest(String state, String verifier, String scope, Map<String, String> extra) {
            this.state = state;
            this.verifier = verifier;
            Map<String, String> parameters = new LinkedHashMap<>(Map.of(
                    "client_id", clientId, "response_type", "code", "scope", scope, "redirect_uri", redirectUri,
                    "state", state, "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
            parameters.putAll(extra);
            this.url = realmUrl + "/protocol/openid-connect/auth?" + form(parameters);
        }

        public String url() {
            return url;
        }

        /** The tokens for the code in {@code callback} (the redirect URI Keycloak sent the browser to), once its state is this request's. */
        public Tokens exchange(String callback) throws IOException, InterruptedException {
            Map<String, String> answer = query(URI.create(callback).getRawQuery());
            if (!state.equals(answer.get("state")) || answer.get("code") == null) {
                throw new LoginRefused("Keycloak redirected without a code for this state: " + answer.getOrDefault("error", "?"));
            }
            return tokens("code exchange", Map.of("grant_type", "authorization_code", "client_id", clientId,
                    "code", answer.get("code"), "redirect_uri", redirectUri, "code_verifier", verifier));
        }
    }

    /**
     * New tokens for the session a sign-in began, as the web front-end gets them when its access token expires;
     * refused ({@link LoginRefused}) once the session has ended.
     */
    public Tokens refresh(String refreshToken) throws IOException, InterruptedException {
        return tokens("refresh", Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
    }

    private Tokens tokens(String what, Map<String, String> grant) throws IOException, InterruptedException {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(grant))).build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new LoginRefused(what + " refused: HTTP " + token.statusCode() + " " + token.body(), token.statusCode());
        }
        JsonNode body = JSON.readTree(token.body());
        return new Tokens(body.path("access_token").asText(), body.path("id_token").asText(null), body.path("refresh_token").asText(null));
    }

    /**
     * The authenticator app at work: on the setup page it enrols with the secret the page shows and answers with
     * its first code; on the code page it answers with a fresh code.
     */
    private void secondFactor(Map<String, String> fields, String username) throws IOException, InterruptedException {
        if (fields.containsKey("totpSecret") && !setsUpAuthenticatorApps) {
            throw new LoginRefused("Keycloak asks " + username + " to set up an authenticator app (a second factor) first: sign in on the web page once");
        }
        if (fields.containsKey("otp") && !setsUpAuthenticatorApps) {
            if (typedCode == null || typedCode.isBlank()) {
                throw new LoginRefused("Keycloak asks " + username + " for the code of their authenticator app, and none was given");
            }
            fields.put("otp", typedCode);
            return;
        }
        if (fields.containsKey("otp") && !AuthenticatorApp.isEnrolled(realmUrl, username)) {
            throw new LoginRefused("Keycloak asks " + username + " for a code of an authenticator app this test run did not enrol");
        }
        if (fields.containsKey("totpSecret")) {
            AuthenticatorApp.enrol(realmUrl, username, fields.get("totpSecret"));
            fields.put("totp", AuthenticatorApp.nextCode(realmUrl, username));
            fields.put("userLabel", "test authenticator app");
        } else if (fields.containsKey("otp")) {
            fields.put("otp", AuthenticatorApp.nextCode(realmUrl, username));
        }
    }

    /** What a user types into the form: the username and password where asked, every other field as Keycloak filled it in. */
    private static Map<String, String> fields(Element form, String username, String password) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]:not([type=checkbox]):not([type=radio]), input[name][checked]")) {
            fields.put(input.attr("name"), input.attr("value"));
        }
        if (fields.containsKey("username")) {
            fields.put("username", username);
        }
        if (fields.containsKey("password")) {
            fields.put("password", password);
        }
        return fields;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, CookieJar cookies) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        String cookieHeader = cookies.header(built.uri());
        if (!cookieHeader.isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("Cookie", cookieHeader).build();
        }
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        cookies.keep(response);
        return response;
    }

    /**
     * Cookies by path and name: two realms of one Keycloak set cookies of the same names under their own paths,
     * and a brokered login passes through both.
     */
    private static final class CookieJar {
        private final Map<String, HttpCookie> cookies = new LinkedHashMap<>();

        void keep(HttpResponse<?> response) {
            for (String header : response.headers().allValues("Set-Cookie")) {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    String path = cookie.getPath() == null ? "/" : cookie.getPath();
                    cookie.setPath(path);
                    String key = path + " " + cookie.getName();
                    if (cookie.getMaxAge() == 0) {
                        cookies.remove(key);
                    } else {
                        cookies.put(key, cookie);
                    }
                }
            }
        }

        String header(URI uri) {
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            return cookies.values().stream()
                    .filter(cookie -> path.startsWith(cookie.getPath()) || (path + "/").equals(cookie.getPath()))
                    .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                    .collect(Collectors.joining("; "));
        }
    }

    /** The first refusal that says something: the pages also hold empty error slots beside their fields. */
    private static Optional<String> error(Document page) {
        return page.select(ERROR_SELECTOR).stream().map(Element::text).filter(message -> !message.isBlank()).findFirst();
    }

    /** The error Keycloak's page shows, e.g. "Invalid username or password." */
    private static String pageMessage(String html) {
        Document page = Jsoup.parse(html == null ? "" : html);
        String text = error(page).orElse(page.title());
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
