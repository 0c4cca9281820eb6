package io.gatehouse.realm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.List;

/** The realm's own settings: token lifetimes, brute-force detection, password policy, events, ... */
final class RealmSettingsSync implements ResourceSync {

    @Override
    public String label() {
        return "realm settings";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        ObjectNode desired = file.settings();
        List<String> differences = Differences.of(desired, RealmFile.JSON.valueToTree(realm.toRepresentation()));
        if (differences.isEmpty()) {
            return List.of();
        }
        // Keycloak's realm update changes only the fields that are set, so the file's settings are sent as they are.
        return List.of(new Change("realm", file.name(), Change.Action.UPDATE, differences,
                () -> realm.update(RealmFile.JSON.convertValue(desired, RealmRepresentation.class))));
    }
}
