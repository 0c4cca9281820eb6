package io.gatehouse.launcher;

import io.gatehouse.realm.Change;
import io.gatehouse.realm.RealmFile;
import io.gatehouse.realm.RealmSync;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.RealmImport;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

import java.io.PrintStream;
import java.util.List;

/**
 * Brings the running Keycloak in line with the realm files on every start, the way {@code gatehouse-realm apply}
 * does: a realm edited since the data folder was created reaches Keycloak instead of being silently kept old.
 */
final class RealmFiles {
    private RealmFiles() {
    }

    static void apply(StackConfig config, PrintStream out) {
        try (Keycloak keycloak = KeycloakBuilder.builder().serverUrl(config.keycloakUrl()).realm("master").clientId("admin-cli")
                .username(config.keycloakAdminUser()).password(config.keycloakAdminPassword()).build()) {
            for (String json : RealmImport.realmsOnClasspath()) {
                RealmFile file = RealmFile.parse("keycloak-realm", json, config.realmPlaceholders());
                List<Change> changes = new RealmSync(keycloak).apply(file);
                out.println(changes.isEmpty()
                        ? "Keycloak     realm " + file.name() + " matches keycloak-realm/"
                        : "Keycloak     realm " + file.name() + ": applied " + changes.size() + " change(s) from keycloak-realm/");
                changes.forEach(change -> out.println("  " + change.describe()));
            }
        }
    }
}
