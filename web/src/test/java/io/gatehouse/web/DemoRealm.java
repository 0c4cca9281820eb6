package io.gatehouse.web;

import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.keycloak.NewMembers;
import io.gatehouse.stack.liberty.LibertySettings;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** The demo users and what a test does behind the page's back: Keycloak's admin API and the records API. */
final class DemoRealm implements AutoCloseable {
    static final Map<String, String> PASSWORDS = Map.of(
            "alice", "Alice-Gatehouse-1", "adam", "Adam-Gatehouse-1", "bob", "Bob-Gatehouse-1", "grace", "Grace-Gatehouse-1",
            "ivy@initech.test", "Ivy-Gatehouse-1", "dora", "Dora-Gatehouse-1", "uma@umbrella.test", "Uma-Gatehouse-1");
    private final Stack stack;
    private final Keycloak admin;
    static final String NEW_MEMBER_PASSWORD = "Factor-Gatehouse-1";
    private final HttpClient http = HttpClient.newHttpClient();
    private final NewMembers members;

    DemoRealm(Stack stack) {
        this.stack = stack;
        this.admin = stack.server(KeycloakServer.class).settings().admin();
        this.members = new NewMembers(realm());
    }

    RealmResource realm() {
        return admin.realm(StackConfig.REALM);
    }

    /** The user's id in Keycloak, which is the subject of their tokens and the owner of their records. */
    String subject(String username) {
        return realm().users().searchByUsername(username, true).get(0).getId();
    }

    /**
     * A new member of {@code organization} with {@link #NEW_MEMBER_PASSWORD} and the given required actions (what an
     * admin or a policy asks of them at their next sign-in). Removed by {@link #close}.
     */
    String newMember(String organization, String... requiredActions) {
        return members.username(members.add(organization, NEW_MEMBER_PASSWORD, requiredActions));
    }

    /** The types of the user's credentials in Keycloak ("password", "otp", "recovery-authn-codes", ...). */
    List<String> credentialTypes(String username) {
        return realm().users().get(subject(username)).credentials().stream().map(CredentialRepresentation::getType).toList();
    }

    /** Ends every Keycloak session of the user, as an admin or an expiry would. */
    void endSessions(String username) {
        realm().users().get(subject(username)).logout();
    }

    /** Calls the records API as the user with a token of their own (another device, say), stepped up for admin calls. */
    HttpResponse<String> callApi(String username, String method, String path, String body, Map<String, String> headers) {
        return callApiWith(token(username, path.startsWith("/admin") ? "mfa" : null), method, path, body, headers);
    }

    /** An access token of the user's from a sign-in of its own, at the level {@code acrValues} asks for, or null for any. */
    String token(String username, String acrValues) {
        try {
            BrowserLogin login = BrowserLogin.forWebClient(stack.config());
            return (acrValues == null ? login : login.asking(acrValues)).login(username, PASSWORDS.get(username), "openid organization").accessToken();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls the records API with {@code token}. */
    HttpResponse<String> callApiWith(String token, String method, String path, String body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(LibertySettings.of(stack.config()).apiUrl() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        members.close();
        admin.close();
    }
}
