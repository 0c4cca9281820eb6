package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.web.WebSettings;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/** The local stack's realm (production file plus demo overlay) under a name of its own, so each test works on a realm no other test touches. */
final class TestRealm {
    private TestRealm() {
    }

    /** Writes the copy into {@code dir} as {@code <name>.json}; Keycloak does not have the realm yet. */
    static Path copy(Path dir) throws IOException {
        String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
        return Files.writeString(dir.resolve(name + ".json"), RealmFile.demo(name));
    }

    /** Changes the copy as a tree (its text is compact JSON). */
    static void edit(Path copy, Consumer<ObjectNode> change) throws IOException {
        ObjectNode tree = (ObjectNode) RealmFile.JSON.readTree(copy.toFile());
        change.accept(tree);
        Files.writeString(copy, tree.toString());
    }

    /** The copy's organization of this alias, to change in {@link #edit}. */
    static ObjectNode organization(ObjectNode realm, String alias) {
        for (JsonNode organization : realm.path("organizations")) {
            if (organization.path("alias").asText().equals(alias)) {
                return (ObjectNode) organization;
            }
        }
        throw new IllegalArgumentException("no organization " + alias);
    }

    static String name(Path copy) {
        return copy.getFileName().toString().replace(".json", "");
    }

    /** A copy applied to the stack's Keycloak; returns its name. */
    static String applied(Stack stack, Path dir) throws IOException {
        Path copy = copy(dir);
        RealmFile file = RealmFile.parse(copy.toString(), Files.readString(copy), KeycloakSettings.of(stack.config()).realmPlaceholders());
        try (Keycloak keycloak = admin(stack)) {
            new RealmSync(keycloak).apply(file);
        }
        return file.name();
    }

    /** Signs a user in through the realm's login page with the web client (code + PKCE); the access token's claims. */
    static JsonNode signIn(Stack stack, String realm, String username, String password) throws IOException, InterruptedException {
        BrowserLogin.Tokens tokens = new BrowserLogin(keycloakUrl(stack), realm, StackConfig.WEB_CLIENT, WebSettings.of(stack.config()).url() + "/")
                .login(username, password, "openid organization");
        return BrowserLogin.claims(tokens.accessToken());
    }

    static String keycloakUrl(Stack stack) {
        return stack.server(KeycloakServer.class).settings().url();
    }

    static Keycloak admin(Stack stack) {
        return stack.server(KeycloakServer.class).settings().admin();
    }
}
