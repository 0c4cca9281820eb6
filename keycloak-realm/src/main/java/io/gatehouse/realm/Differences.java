package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where Keycloak differs from a file, looking only at what the file says: a field the file leaves out is
 * Keycloak's to choose (its defaults, generated ids), so it never shows as a change. Lists of plain values
 * compare as sets; lists of objects match their items by name (or alias, clientId, username) when they have one.
 */
final class Differences {
    private static final List<String> KEYS = List.of("name", "alias", "clientId", "username");
    /** Fields whose values are never printed, only that they differ. */
    private static final Set<String> SECRETS = Set.of("secret", "clientSecret", "bindCredential");
    /**
     * What Keycloak returns instead of a write-only secret (an identity provider's client secret, an LDAP bind
     * credential): such a secret cannot be compared, so it never shows as a change.
     */
    static final String MASKED = "**********";
    private final boolean whole;
    private final List<String> out = new ArrayList<>();

    private Differences(boolean whole) {
        this.whole = whole;
    }

    /** Each difference as {@code path: actual -> desired}; empty when Keycloak matches. */
    static List<String> of(JsonNode desired, JsonNode actual) {
        return new Differences(false).all(desired, actual);
    }

    /**
     * As {@link #of}, for a document the file owns whole (the user profile, client policies): items of a list
     * that Keycloak has and the file does not name count too, and unnamed items compare by position.
     */
    static List<String> ofDocument(JsonNode desired, JsonNode actual) {
        return new Differences(true).all(desired, actual);
    }

    private List<String> all(JsonNode desired, JsonNode actual) {
        compare("", desired, actual == null ? MissingNode.getInstance() : actual);
        return out;
    }

    private void compare(String path, JsonNode desired, JsonNode actual) {
        if (desired.isObject()) {
            desired.fields().forEachRemaining(field ->
                    compare(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), actual.path(field.getKey())));
        } else if (desired.isArray()) {
            compareArrays(path, desired, actual);
        } else if (!sameValue(desired, actual) && !MASKED.equals(actual.asText())) {
            out.add(describe(path, desired, actual));
        }
    }

    private static String describe(String path, JsonNode desired, JsonNode actual) {
        return SECRETS.contains(path.substring(path.lastIndexOf('.') + 1))
                ? path + ": (secret, differs)"
                : path + ": " + (actual.isMissingNode() ? "(unset)" : actual.toString()) + " -> " + desired;
    }

    private void compareArrays(String path, JsonNode desired, JsonNode actual) {
        for (int i = 0; i < desired.size(); i++) {
            JsonNode item = desired.get(i);
            String key = keyOf(item);
            if (key != null) {
                JsonNode match = find(actual, key, item.get(key).asText());
                if (match == null) {
                    out.add(path + "[" + item.get(key).asText() + "]: (missing) -> " + item);
                } else {
                    compare(path + "[" + item.get(key).asText() + "]", item, match);
                }
            } else if (whole && item.isObject()) {
                compare(path + "[" + i + "]", item, actual.path(i));
            }
        }
        if (whole) {
            for (int i = 0; i < actual.size(); i++) {
                JsonNode item = actual.get(i);
                String key = keyOf(item);
                if (key != null ? find(desired, key, item.get(key).asText()) == null : item.isObject() && i >= desired.size()) {
                    out.add(path + "[" + (key != null ? item.get(key).asText() : i) + "]: " + item + " -> (not in the file)");
                }
            }
        }
        boolean plainValues = desired.size() > 0 ? !desired.get(0).isObject() : actual.size() == 0 || !actual.get(0).isObject();
        if (plainValues) {
            // An empty list means none: an empty scope list must take every scope off the client.
            Set<String> want = texts(desired);
            Set<String> have = texts(actual);
            if (!want.equals(have) && !have.equals(Set.of(MASKED))) {
                out.add(describe(path, desired, actual));
            }
        }
    }

    private static String keyOf(JsonNode item) {
        return item.isObject() ? KEYS.stream().filter(item::hasNonNull).findFirst().orElse(null) : null;
    }

    private static JsonNode find(JsonNode items, String key, String value) {
        for (JsonNode item : items) {
            if (value.equals(item.path(key).asText(null))) {
                return item;
            }
        }
        return null;
    }

    /** The values of a JSON list (of names, scopes, roles) as text, sorted. */
    static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** Keycloak returns some numbers and booleans as strings (attributes, mapper config): compare as text. */
    private static boolean sameValue(JsonNode desired, JsonNode actual) {
        if (actual.isMissingNode() || actual.isNull()) {
            return desired.isNull();
        }
        return desired.equals(actual) || desired.asText().equals(actual.asText());
    }
}
