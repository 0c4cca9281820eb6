package io.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.liberty.LibertySettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The smoke proof: a demo user signs in through Keycloak's login page (code + PKCE), and the token is accepted
 * by the API on Liberty, which reads the user's records from Cassandra; without a token the API says 401.
 */
final class RoundTrip {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StackConfig config;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    RoundTrip(StackConfig config) {
        this.config = config;
    }

    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    String prove(DemoUser user) throws Failure {
        try {
            String token = BrowserLogin.forWebClient(config).asPerson(null)
                    .login(user.username(), user.password(), "openid organization", user.tenant()).accessToken();
            int anonymous = get("/records", null).statusCode();
            if (anonymous != 401) {
                throw new Failure("GET /api/v1/records without a token answered " + anonymous + ", expected 401");
            }
            JsonNode me = json(get("/me", token), "/me");
            if (!user.username().equals(me.path("username").asText())) {
                throw new Failure("/api/v1/me names '" + me.path("username").asText() + "', expected " + user.username());
            }
            List<String> organizations = JSON.convertValue(me.path("organizations"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            if (!organizations.equals(List.of(user.tenant()))) {
                throw new Failure("/api/v1/me gives organizations " + organizations + ", expected [" + user.tenant() + "]");
            }
            JsonNode records = json(get("/records", token), "/records");
            if (!records.path("items").isArray()) {
                throw new Failure("/api/v1/records answered without an items list: " + records);
            }
            return user.username() + " (tenant " + user.tenant() + ") signed in on Keycloak's login page; with the token "
                    + "/api/v1/me and /api/v1/records (read from Cassandra) answered 200, without it 401";
        } catch (IOException e) {
            throw new Failure(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(LibertySettings.of(config).apiUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, String path) throws Failure, IOException {
        if (response.statusCode() != 200) {
            throw new Failure("GET /api/v1" + path + " with a valid token answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
