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

    private Differences() {
    }

    /** Each difference as {@code path: actual -> desired}; empty when Keycloak matches. */
    static List<String> of(JsonNode desired, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("", desired, actual == null ? MissingNode.getInstance() : actual, out);
        return out;
    }

    private static void compare(String path, JsonNode desired, JsonNode actual, List<String> out) {
        if (desired.isObject()) {
            desired.fields().forEachRemaining(field ->
                    compare(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), actual.path(field.getKey()), out));
        } else if (desired.isArray()) {
            compareArrays(path, desired, actual, out);
        } else if (!sameValue(desired, actual) && !MASKED.equals(actual.asText())) {
            out.add(describe(path, desired, actual));
        }
    }

    private static String describe(String path, JsonNode desired, JsonNode actual) {
        return SECRETS.contains(path.substring(path.lastIndexOf('.') + 1))
                ? path + ": (secret, differs)"
                : path + ": " + (actual.isMissingNode() ? "(unset)" : actual.toString()) + " -> " + desired;
    }

    private static void compareArrays(String path, JsonNode desired, JsonNode actual, List<String> out) {
        for (JsonNode item : desired) {
            String key = item.isObject() ? KEYS.stream().filter(item::hasNonNull).findFirst().orElse(null) : null;
            if (key != null) {
                JsonNode match = find(actual, key, item.get(key).asText());
                if (match == null) {
                    out.add(path + "[" + item.get(key).asText() + "]: (missing) -> " + item);
                } else {
                    compare(path + "[" + item.get(key).asText() + "]", item, match, out);
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
