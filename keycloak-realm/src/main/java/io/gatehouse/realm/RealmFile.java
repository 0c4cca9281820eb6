package io.gatehouse.realm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.lookup.StringLookup;
import org.apache.commons.text.lookup.StringLookupFactory;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A realm as its file describes it: Keycloak's own realm representation in JSON, with its placeholders filled
 * (secrets live outside the file: {@code ${NAME}} from the environment, {@code ${file:PATH}} from a file; a
 * lower-case {@code ${name}} is one of Keycloak's message keys and stays). Checked against Keycloak's representation classes, so a
 * misspelt field is an error here rather than a setting silently ignored by the server.
 */
public final class RealmFile {
    /** The production realm: no users, no passwords, no tenants; https only. */
    static final String BUILT_IN = "/realm/gatehouse-realm.json";
    /** The local demo laid over it: users with passwords, three tenants, Globex's LDAP, Initech's IdP. */
    static final String DEMO_OVERLAY = "/realm/gatehouse-demo-overlay.json";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DESCRIPTION = 255;
    /** Placeholders are named like environment variables; Keycloak's own ${...} message keys are lower case. */
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectNode tree;

    private RealmFile(ObjectNode tree) {
        this.tree = tree;
    }

    /**
     * Parses the file and fills its placeholders: {@code ${NAME}} from {@code values} (the environment and
     * --var), {@code ${file:PATH}} with the content of a file (a mounted secret), stripped. Only string values
     * are filled, after parsing, so a value cannot change the JSON's structure whatever characters it holds.
     *
     * @throws InvalidRealmFile naming the file's problem: bad JSON, an unknown field, a placeholder without a value
     */
    public static RealmFile parse(String source, String json, Map<String, String> values) {
        ObjectNode object = tree(source, json);
        try {
            fill(object, placeholders(source, values));
            STRICT.treeToValue(object, RealmRepresentation.class);
            requireShortDescriptions(source, object);
            requireConfigAliasesWithoutColons(source, object);
            return new RealmFile(object);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRealmFile(source + ": unknown field \"" + e.getPropertyName() + "\" at " + e.getPathReference());
        } catch (JsonProcessingException e) {
            throw invalidJson(source, e);
        }
    }

    /**
     * Keycloak keeps a client's, a flow's and a permission's description in a 255-character column and answers a longer one with
     * nothing better than "Database operation failed", so the file is refused here with the name of the culprit.
     */
    private static void requireShortDescriptions(String source, JsonNode realm) {
        List<JsonNode> described = new ArrayList<>();
        realm.path("clients").forEach(described::add);
        realm.path("authenticationFlows").forEach(described::add);
        realm.path("adminPermissionsClient").path("authorizationSettings").path("policies").forEach(described::add);
        for (JsonNode item : described) {
            String description = item.path("description").asText("");
            if (description.length() > MAX_DESCRIPTION) {
                String name = item.has("clientId") ? "client " + item.path("clientId").asText()
                        : item.has("providerId") && item.has("alias") ? "flow " + item.path("alias").asText()
                        : "admin permission " + item.path("name").asText();
                throw new InvalidRealmFile(source + ": " + name + ": the description has " + description.length()
                        + " characters; Keycloak keeps at most " + MAX_DESCRIPTION);
            }
        }
    }

    /** Keycloak's admin API refuses a ':' in an authenticator config's alias (its import takes one, so only an update would fail). */
    private static void requireConfigAliasesWithoutColons(String source, JsonNode realm) {
        for (JsonNode config : realm.path("authenticatorConfig")) {
            String alias = config.path("alias").asText("");
            if (alias.contains(":")) {
                throw new InvalidRealmFile(source + ": authenticator config '" + alias + "': Keycloak refuses ':' in an alias");
            }
        }
    }

    /** The file's JSON as it is written, placeholders unfilled; an error unless it is a realm representation. */
    static ObjectNode tree(String source, String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (!(tree instanceof ObjectNode object) || !object.path("realm").isTextual()) {
                throw new InvalidRealmFile(source + ": not a realm representation (a JSON object with \"realm\": \"<name>\")");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw invalidJson(source, e);
        }
    }

    private static InvalidRealmFile invalidJson(String source, JsonProcessingException e) {
        return new InvalidRealmFile(source + ": invalid JSON: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }

    /** Exactly two kinds of lookup: named values, and files. (No script, DNS or URL lookups.) */
    private static StringSubstitutor placeholders(String source, Map<String, String> values) {
        StringLookup files = path -> {
            try {
                return Files.readString(Path.of(path)).strip();
            } catch (IOException e) {
                throw new InvalidRealmFile(source + ": cannot read ${file:" + path + "}: " + e.getMessage());
            }
        };
        StringLookup named = name -> {
            if (!PLACEHOLDER.matcher(name).matches()) {
                return null; // a Keycloak message key, such as ${username} in the user profile: left for Keycloak
            }
            String value = values.get(name);
            if (value == null) {
                throw new InvalidRealmFile(source + ": ${" + name + "} has no value (pass it with --var " + name
                        + "=VALUE or the environment)");
            }
            return value;
        };
        return new StringSubstitutor(StringLookupFactory.INSTANCE.interpolatorStringLookup(Map.of("file", files), named, false));
    }

    /** The node with its placeholders filled: a string replaced, an object or list filled in place. */
    private static JsonNode fill(JsonNode node, StringSubstitutor placeholders) {
        if (node.isTextual()) {
            return TextNode.valueOf(placeholders.replace(node.asText()));
        }
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> field.setValue(fill(field.getValue(), placeholders)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, fill(array.get(i), placeholders));
            }
        }
        return node;
    }

    /** A realm file this module ships. */
    static String resource(String name) {
        try (InputStream in = RealmFile.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The local stack's realm as written: the production realm with the demo overlay laid over it, placeholders unfilled. */
    public static String demo() {
        return RealmOverlay.merge(tree(BUILT_IN, resource(BUILT_IN)), tree(DEMO_OVERLAY, resource(DEMO_OVERLAY))).toString();
    }

    /** {@link #demo()} as a realm of another name (its default role renamed with it), for tests that need a realm of their own. */
    public static String demo(String realmName) {
        return demo().replace("\"realm\":\"gatehouse\"", "\"realm\":\"" + realmName + "\"")
                .replace("default-roles-gatehouse", "default-roles-" + realmName);
    }

    /** True when a user of the file comes with a credential (a password), which only a demo should. */
    boolean holdsCredentials() {
        for (JsonNode user : tree.path("users")) {
            if (!user.path("credentials").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    public String name() {
        return tree.path("realm").asText();
    }

    /** The part of the file for one resource type (a missing part is an empty array or object). */
    JsonNode part(String field) {
        return tree.path(field);
    }

    /** The realm's own settings: the file without the resource collections that have their own sync. */
    ObjectNode settings() {
        ObjectNode settings = tree.deepCopy();
        settings.remove(RealmSync.COLLECTIONS);
        return settings;
    }

    /**
     * The realm for Keycloak to create whole, without admin permissions: Keycloak 26.7 fails to create a realm that
     * has them enabled ("Database operation failed"; keycloak#47901 is its import twin), and given a permissions
     * client it would make it bare. {@link RealmSync#apply} enables them by a realm update right after, and
     * {@link AdminPermissionsSync} adds the file's permissions. Without client scopes too: given some, Keycloak makes
     * only those and none of its own (basic, profile, email, ...); {@link ClientScopesSync} adds the file's after, and
     * {@link ClientsSync} the clients' links to them.
     */
    RealmRepresentation representation() {
        RealmRepresentation realm = JSON.convertValue(tree, RealmRepresentation.class);
        realm.setAdminPermissionsEnabled(null);
        realm.setAdminPermissionsClient(null);
        realm.setClientScopes(null);
        return realm;
    }

    /** Thrown for a realm file that cannot be applied; the message is one line for the user. */
    public static final class InvalidRealmFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidRealmFile(String message) {
            super(message);
        }
    }
}
