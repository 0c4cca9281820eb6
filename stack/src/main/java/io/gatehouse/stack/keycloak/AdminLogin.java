package io.gatehouse.stack.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** An access token of a master-realm admin (the admin-cli client's password grant), for the admin REST API. */
public final class AdminLogin {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminLogin() {
    }

    public static String token(HttpClient http, String keycloakUrl, String user, String password) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=admin-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(keycloakUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak admin login as '" + user + "' failed: HTTP " + response.statusCode()
                    + " (the bootstrap admin is created only on the first start of an empty database)");
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }
}
