package io.gatehouse.realm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.userprofile.config.UPConfig;

import java.util.List;

/**
 * The declarative user profile (attributes, their validations and permissions, groups), as Keycloak exports it: a
 * component of type {@value #TYPE} holding the configuration as JSON text. Compared as JSON and replaced whole
 * through the user-profile endpoint, which checks it, so the file owns the whole profile when it names one.
 */
final class UserProfileSync implements ResourceSync {
    static final String TYPE = "org.keycloak.userprofile.UserProfileProvider";
    private static final String CONFIG = "kc.user.profile.config";

    @Override
    public String label() {
        return "user profile";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        JsonNode component = file.part("components").path(TYPE).path(0);
        if (component.isMissingNode()) {
            return List.of();
        }
        JsonNode desired = parse(file, component.path("config").path(CONFIG).path(0).asText());
        JsonNode actual = RealmFile.JSON.valueToTree(realm.users().userProfile().getConfiguration());
        List<String> differences = Differences.ofDocument(desired, actual);
        if (differences.isEmpty()) {
            return List.of();
        }
        return List.of(new Change("user profile", file.name(), Change.Action.UPDATE, differences,
                () -> realm.users().userProfile().update(RealmFile.JSON.convertValue(desired, UPConfig.class))));
    }

    private static JsonNode parse(RealmFile file, String json) {
        try {
            JsonNode config = RealmFile.JSON.readTree(json);
            RealmFile.JSON.treeToValue(config, UPConfig.class);
            return config;
        } catch (JsonProcessingException e) {
            throw new RealmFile.InvalidRealmFile(file.name() + ": the user profile (" + CONFIG + ") is not a valid profile: " + e.getOriginalMessage());
        }
    }
}
