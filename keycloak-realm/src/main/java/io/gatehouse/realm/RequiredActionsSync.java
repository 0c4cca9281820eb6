package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderSimpleRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Required actions by alias: whether they are enabled, a default action for new users, their order and config
 * (TOTP and passkey enrolment, recovery codes). One Keycloak knows but has not registered is registered first.
 */
final class RequiredActionsSync implements ResourceSync {

    @Override
    public String label() {
        return "required actions";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        AuthenticationManagementResource authentication = realm.flows();
        Map<String, RequiredActionProviderRepresentation> existing = authentication.getRequiredActions().stream()
                .collect(Collectors.toMap(RequiredActionProviderRepresentation::getAlias, Function.identity()));
        List<Change> changes = new ArrayList<>();
        for (JsonNode wanted : file.part("requiredActions")) {
            String alias = wanted.path("alias").asText();
            RequiredActionProviderRepresentation actual = existing.get(alias);
            if (actual == null) {
                changes.add(new Change("required action", alias, Change.Action.CREATE, List.of(), () -> {
                    RequiredActionProviderSimpleRepresentation register = new RequiredActionProviderSimpleRepresentation();
                    register.setProviderId(wanted.path("providerId").asText(alias));
                    register.setName(wanted.path("name").asText(alias));
                    authentication.registerRequiredAction(register);
                    update(authentication, alias, wanted, authentication.getRequiredAction(alias));
                }));
                continue;
            }
            List<String> differences = Differences.of(wanted, RealmFile.JSON.valueToTree(actual));
            if (!differences.isEmpty()) {
                changes.add(new Change("required action", alias, Change.Action.UPDATE, differences, () -> update(authentication, alias, wanted, actual)));
            }
        }
        return changes;
    }

    /** The file's fields over Keycloak's: what the file leaves out stays. */
    private static void update(AuthenticationManagementResource authentication, String alias, JsonNode wanted,
                               RequiredActionProviderRepresentation actual) {
        ObjectNode merged = RealmFile.JSON.valueToTree(actual);
        merged.setAll((ObjectNode) wanted);
        authentication.updateRequiredAction(alias, RealmFile.JSON.convertValue(merged, RequiredActionProviderRepresentation.class));
    }
}
