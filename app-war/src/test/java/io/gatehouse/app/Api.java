package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.liberty.LibertyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The API as a client sees it, with real tokens from Keycloak's login page for the realm's demo users. */
public final class Api {
    public static final Map<String, String> PASSWORDS = Map.of(
            "alice", "Alice-Gatehouse-1", "adam", "Adam-Gatehouse-1", "bob", "Bob-Gatehouse-1", "dora", "Dora-Gatehouse-1",
            "gus", "Gus-Gatehouse-1");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /**
     * Tokens kept for the test run while valid for another minute: each password sign-in of an acme user spends a code
     * of their authenticator app, of which the realm takes at most three a period (one before, this one, the next).
     */
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final Map<String, String> ADMIN_TOKENS = new ConcurrentHashMap<>();
    private final Stack stack;
    private final String apiUrl;

    /** The API of the stack's Liberty server. */
    public Api(Stack stack) {
        this(stack, stack.server(LibertyServer.class).settings().url() + "/api/v1");
    }

    /** The API at another address (an Arquillian deployment), with tokens from the stack's Keycloak. */
    public Api(Stack stack, String apiUrl) {
        this.stack = stack;
        this.apiUrl = apiUrl;
    }

    /** An access token of the web client for the user, with the organization scope (the tenant claim); kept for the run. */
    public String token(String user) {
        return cached(TOKENS, user, () -> login(user, "openid organization"));
    }

    public String login(String user, String scope) {
        return login(user, scope, null);
    }

    /**
     * A token after step-up (acr "mfa"), as admin calls need: the user enrols an authenticator app at the first one and
     * types a code each time. Kept for the run, as {@link #token} is.
     */
    public String adminToken(String user) {
        return cached(ADMIN_TOKENS, user, () -> adminLogin(user, "openid organization", null));
    }

    /** Drops the user's kept tokens: for a test that ends their sessions. */
    public void forget(String user) {
        TOKENS.remove(key(user));
        ADMIN_TOKENS.remove(key(user));
    }

    private String cached(Map<String, String> cache, String user, Supplier<String> signIn) {
        String cached = cache.get(key(user));
        if (cached != null && expiry(cached).isAfter(Instant.now().plusSeconds(60))) {
            return cached;
        }
        String fresh = signIn.get();
        cache.put(key(user), fresh);
        return fresh;
    }

    private String key(String user) {
        return KeycloakSettings.of(stack.config()).url() + " " + user;
    }

    /** The token's claims, decoded (it was verified by whoever issued or took it). */
    public static JsonNode claims(String token) {
        return BrowserLogin.claims(token);
    }

    private static Instant expiry(String token) {
        return Instant.ofEpochSecond(claims(token).path("exp").asLong());
    }

    /** Signs in with step-up (acr "mfa"), choosing {@code organization} on the organization chooser if it shows one. */
    public String adminLogin(String user, String scope, String organization) {
        return login(BrowserLogin.forWebClient(stack.config()).asking("mfa"), user, scope, organization);
    }

    /** A browser signing in to the web front-end's client, as {@link #login} does. */
    public BrowserLogin browser() {
        return BrowserLogin.forWebClient(stack.config());
    }

    /** Signs in choosing {@code organization} on Keycloak's organization chooser, if it shows one. */
    public String login(String user, String scope, String organization) {
        return login(BrowserLogin.forWebClient(stack.config()), user, scope, organization);
    }

    /** Signs in a user this run made itself (not a demo user), with the organization scope; an access token. */
    public String signIn(String user, String password) {
        return login(browser(), user, password, "openid organization", null);
    }

    private static String login(BrowserLogin browser, String user, String scope, String organization) {
        return login(browser, user, PASSWORDS.get(user), scope, organization);
    }

    private static String login(BrowserLogin browser, String user, String password, String scope, String organization) {
        try {
            return browser.login(user, password, scope, organization).accessToken();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response call(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            return new Response(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        return call("GET", path, token, null, Map.of());
    }

    public Response post(String path, String token, String body) {
        return call("POST", path, token, body, Map.of());
    }

    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.headers().map() + " " + raw.body();
        }
    }
}
