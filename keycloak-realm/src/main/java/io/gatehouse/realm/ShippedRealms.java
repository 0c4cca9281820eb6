package io.gatehouse.realm;

import org.keycloak.admin.client.Keycloak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The realms of the local stack as this module ships them: the demo companies' identity providers (OIDC, SAML), then the gatehouse
 * realm that brokers it (the production realm with the demo overlay laid over it at build time). The stack applies them
 * on every Keycloak start the way {@code gatehouse-realm apply} does, so a realm edited since the data folder was made
 * reaches Keycloak instead of being silently kept old.
 */
public final class ShippedRealms {
    private static final List<String> RESOURCES = List.of("/realm/initech-idp-realm.json", "/realm/umbrella-idp-realm.json", "/realm/gatehouse-demo-realm.json");

    private ShippedRealms() {
    }

    /** The files' JSON as written, placeholders unfilled. */
    public static List<String> json() {
        return RESOURCES.stream().map(RealmFile::resource).toList();
    }

    /** Makes Keycloak match every file, creating a realm it lacks; returns what was changed, by realm (empty: it matched). */
    public static Map<String, List<Change>> apply(Keycloak keycloak, Map<String, String> placeholders) {
        Map<String, List<Change>> applied = new LinkedHashMap<>();
        for (String resource : RESOURCES) {
            RealmFile file = RealmFile.parse("keycloak-realm" + resource, RealmFile.resource(resource), placeholders);
            applied.put(file.name(), new RealmSync(keycloak).apply(file));
        }
        return applied;
    }
}
