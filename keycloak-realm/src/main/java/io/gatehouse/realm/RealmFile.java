package io.gatehouse.realm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.text.StringSubstitutor;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.Map;

/**
 * A realm as its file describes it: Keycloak's own realm representation in JSON, with {@code ${NAME}}
 * placeholders filled from the given values. Checked against Keycloak's representation classes, so a
 * misspelt field is an error here rather than a setting silently ignored by the server.
 */
public final class RealmFile {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectNode tree;

    private RealmFile(ObjectNode tree) {
        this.tree = tree;
    }

    /** @throws InvalidRealmFile naming the file's problem: bad JSON, an unknown field, a placeholder without a value */
    public static RealmFile parse(String source, String json, Map<String, String> values) {
        String filled;
        try {
            filled = new StringSubstitutor(values).setEnableUndefinedVariableException(true).replace(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidRealmFile(source + ": " + e.getMessage() + " (pass it with --var NAME=VALUE or the environment)");
        }
        try {
            JsonNode tree = JSON.readTree(filled);
            if (!(tree instanceof ObjectNode object) || !object.path("realm").isTextual()) {
                throw new InvalidRealmFile(source + ": not a realm representation (a JSON object with \"realm\": \"<name>\")");
            }
            STRICT.treeToValue(object, RealmRepresentation.class);
            return new RealmFile(object);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRealmFile(source + ": unknown field \"" + e.getPropertyName() + "\" at " + e.getPathReference());
        } catch (JsonProcessingException e) {
            throw new InvalidRealmFile(source + ": invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
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

    RealmRepresentation representation() {
        return JSON.convertValue(tree, RealmRepresentation.class);
    }

    /** Thrown for a realm file that cannot be applied; the message is one line for the user. */
    public static final class InvalidRealmFile extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidRealmFile(String message) {
            super(message);
        }
    }
}
