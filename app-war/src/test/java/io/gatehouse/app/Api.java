package io.gatehouse.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
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
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The API as a client sees it, with real tokens from Keycloak's login page for the realm's demo users. */
public final class Api {
    public static final Map<String, String> PASSWORDS = Map.of(
            "alice", "Alice-Gatehouse-1", "adam", "Adam-Gatehouse-1", "bob", "Bob-Gatehouse-1", "dora", "Dora-Gatehouse-1",
            "gus", "Gus-Gatehouse-1");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<String, String> ADMIN_TOKENS = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
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

    /** An access token of the web client for the user, with the organization scope (the tenant claim). */
    public String token(String user) {
        return tokens.computeIfAbsent(user, u -> login(u, "openid organization"));
    }

    public String login(String user, String scope) {
        return login(user, scope, null);
    }

    /**
     * A token after step-up (acr "mfa"), as admin calls need: the user enrols an authenticator app at the first one and
     * types a code each time. Kept for the test run while it is valid for another minute: each sign-in spends a code,
     * and a user gets at most two a period without waiting.
     */
    public String adminToken(String user) {
        String key = KeycloakSettings.of(stack.config()).url() + " " + user;
        String cached = ADMIN_TOKENS.get(key);
        if (cached != null && expiry(cached).isAfter(Instant.now().plusSeconds(60))) {
            return cached;
        }
        String fresh = adminLogin(user, "openid organization", null);
        ADMIN_TOKENS.put(key, fresh);
        return fresh;
    }

    /** The token's claims, decoded (it was verified by whoever issued or took it). */
    public static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant expiry(String token) {
        return Instant.ofEpochSecond(claims(token).path("exp").asLong());
    }

    /** Signs in with step-up (acr "mfa"), choosing {@code organization} on the organization chooser if it shows one. */
    public String adminLogin(String user, String scope, String organization) {
        return login(BrowserLogin.forWebClient(stack.config()).asking("mfa"), user, scope, organization);
    }

    /** Signs in choosing {@code organization} on Keycloak's organization chooser, if it shows one. */
    public String login(String user, String scope, String organization) {
        return login(BrowserLogin.forWebClient(stack.config()), user, scope, organization);
    }

    private static String login(BrowserLogin browser, String user, String scope, String organization) {
        try {
            return browser.login(user, PASSWORDS.get(user), scope, organization).accessToken();
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
