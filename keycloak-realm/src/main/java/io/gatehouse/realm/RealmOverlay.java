package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One realm file laid over another of the same realm: the production realm plus the demo's users, tenants, LDAP
 * directory and company IdP. Objects merge field by field; in a list, an overlay entry replaces the base entry
 * of the same identity (clientId, alias, username or name) and any other is added; any other value is replaced.
 */
public final class RealmOverlay {
    /** The fields that name an entry of a list, in the order they are tried. */
    private static final List<String> IDENTITY = List.of("clientId", "alias", "username", "name");

    private RealmOverlay() {
    }

    /** A new tree: {@code base} with {@code overlay} laid over it. Neither argument is changed. */
    public static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        if (!base.path("realm").equals(overlay.path("realm"))) {
            throw new RealmFile.InvalidRealmFile("an overlay of realm " + overlay.path("realm") + " cannot change realm " + base.path("realm"));
        }
        ObjectNode merged = base.deepCopy();
        mergeInto(merged, overlay);
        return merged;
    }

    private static void mergeInto(ObjectNode target, ObjectNode overlay) {
        overlay.fields().forEachRemaining(field -> {
            JsonNode existing = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing instanceof ObjectNode object && value instanceof ObjectNode over) {
                mergeInto(object, over);
            } else if (existing instanceof ArrayNode list && value instanceof ArrayNode over) {
                target.set(field.getKey(), mergeLists(list, over));
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }

    private static ArrayNode mergeLists(ArrayNode base, ArrayNode overlay) {
        ArrayNode merged = base.deepCopy();
        for (JsonNode entry : overlay) {
            String identity = identity(entry);
            int same = -1;
            for (int i = 0; identity != null && i < merged.size(); i++) {
                if (identity.equals(identity(merged.get(i)))) {
                    same = i;
                }
            }
            if (same >= 0) {
                merged.set(same, entry.deepCopy());
            } else {
                merged.add(entry.deepCopy());
            }
        }
        return merged;
    }

    /** What names the entry (an IdP mapper is named within its IdP), its value for a plain value, or null. */
    private static String identity(JsonNode entry) {
        if (!entry.isObject()) {
            return entry.isValueNode() ? entry.asText() : null;
        }
        if (entry.hasNonNull("identityProviderAlias")) {
            return entry.get("identityProviderAlias").asText() + "/" + entry.path("name").asText();
        }
        return IDENTITY.stream().filter(entry::hasNonNull).findFirst().map(field -> field + "=" + entry.get(field).asText()).orElse(null);
    }

    /** Build step: writes {@code base} with {@code overlay} laid over it, placeholders untouched. Arguments: base overlay output. */
    public static void main(String[] args) throws IOException {
        ObjectNode base = (ObjectNode) RealmFile.JSON.readTree(Files.readString(Path.of(args[0])));
        ObjectNode overlay = (ObjectNode) RealmFile.JSON.readTree(Files.readString(Path.of(args[1])));
        Path output = Path.of(args[2]);
        Files.createDirectories(output.getParent());
        Files.writeString(output, RealmFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(merge(base, overlay)));
    }

}
