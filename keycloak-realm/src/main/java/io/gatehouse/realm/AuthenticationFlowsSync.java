package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The file's own top-level authentication flows by alias, with their sub-flows, executions and authenticator
 * configs (Keycloak's built-in flows are Keycloak's: a file names them only to bind them). A flow that differs is
 * built anew beside the old one and swapped in where the old one was bound, then the old one is deleted: a
 * sign-in during the apply meets either the old flow or the new one, never a half-built flow.
 */
final class AuthenticationFlowsSync implements ResourceSync {

    @Override
    public String label() {
        return "authentication flows";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        AuthenticationManagementResource authentication = realm.flows();
        Map<String, AuthenticationFlowRepresentation> existing = authentication.getFlows().stream()
                .collect(Collectors.toMap(AuthenticationFlowRepresentation::getAlias, Function.identity()));
        List<Change> changes = new ArrayList<>();
        for (JsonNode wanted : file.part("authenticationFlows")) {
            String alias = wanted.path("alias").asText();
            if (!wanted.path("topLevel").asBoolean() || wanted.path("builtIn").asBoolean()) {
                continue;
            }
            FlowOutline desired = FlowOutline.of(file, alias);
            AuthenticationFlowRepresentation actual = existing.get(alias);
            if (actual == null) {
                changes.add(new Change("authentication flow", alias, Change.Action.CREATE, desired.lines().subList(1, desired.lines().size()),
                        () -> new FlowBuilder(authentication, file, "").build(alias)));
                continue;
            }
            List<String> differences = desired.differencesFrom(FlowOutline.of(authentication, alias, actual.getProviderId()));
            if (!differences.isEmpty()) {
                changes.add(new Change("authentication flow", alias, Change.Action.UPDATE, differences,
                        () -> new FlowSwap(realm, file).replace(actual)));
            }
        }
        return changes;
    }
}
