package io.gatehouse.stack.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.realm.RealmFile;
import io.gatehouse.realm.RealmSync;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

import java.util.UUID;

/**
 * A copy of the local stack's realm (the production realm with the demo overlay) under a new name, for a test that
 * must change what the realm itself says (its front-end URL, say) without touching the realm the other tests use.
 * Applied the way the stack applies its realm; deleted by {@link #close}.
 */
public final class ThrowawayRealm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Keycloak admin;
    private final String name;

    private ThrowawayRealm(Keycloak admin, String name) {
        this.admin = admin;
        this.name = name;
    }

    /**
     * The copy, with {@code frontendUrl} as the realm's front-end URL when not null: Keycloak then writes that
     * host into its pages, redirects and tokens for this realm only.
     */
    public static ThrowawayRealm ofTheDemo(KeycloakSettings settings, String frontendUrl) {
        String name = "copy-" + UUID.randomUUID().toString().substring(0, 8);
        String json = RealmFile.demo(name);
        if (frontendUrl != null) {
            try {
                ObjectNode tree = (ObjectNode) JSON.readTree(json);
                ObjectNode attributes = tree.has("attributes") ? (ObjectNode) tree.get("attributes") : tree.putObject("attributes");
                attributes.put("frontendUrl", frontendUrl);
                json = tree.toString();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the demo realm is not JSON", e);
            }
        }
        Keycloak admin = settings.admin();
        new RealmSync(admin).apply(RealmFile.parse(name, json, settings.realmPlaceholders()));
        return new ThrowawayRealm(admin, name);
    }

    public String name() {
        return name;
    }

    public RealmResource realm() {
        return admin.realm(name);
    }

    @Override
    public void close() {
        try {
            admin.realm(name).remove();
        } finally {
            admin.close();
        }
    }
}
