package io.gatehouse.realm;

import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.RealmImport;
import io.gatehouse.stack.keycloak.RealmSetup;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

import java.util.List;
import java.util.function.Consumer;

/**
 * Applies the realm files to the local stack's Keycloak on every start, the way {@code gatehouse-realm apply} does: a
 * realm edited since the data folder was created reaches Keycloak instead of being silently kept old, and the admin
 * permissions a realm import leaves out are added.
 */
public final class StackRealmSetup implements RealmSetup {

    @Override
    public void apply(StackConfig config, Consumer<String> out) {
        try (Keycloak keycloak = KeycloakBuilder.builder().serverUrl(config.keycloakUrl()).realm("master").clientId("admin-cli")
                .username(config.keycloakAdminUser()).password(config.keycloakAdminPassword()).build()) {
            for (String json : RealmImport.realmsOnClasspath()) {
                RealmFile file = RealmFile.parse("keycloak-realm", json, config.realmPlaceholders());
                List<Change> changes = new RealmSync(keycloak).apply(file);
                out.accept(changes.isEmpty()
                        ? "Keycloak     realm " + file.name() + " matches keycloak-realm/"
                        : "Keycloak     realm " + file.name() + ": applied " + changes.size() + " change(s) from keycloak-realm/");
                changes.forEach(change -> out.accept("  " + change.describe()));
            }
        }
    }
}
