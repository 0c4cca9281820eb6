package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

import java.util.HashMap;

/**
 * Builds one of the file's flows in Keycloak, sub-flows and authenticator configs included, each execution with
 * its requirement and in the file's order. Every alias it creates gets {@code suffix}, so a new copy can be built
 * while the old flow still serves sign-ins.
 */
final class FlowBuilder {
    private final AuthenticationManagementResource authentication;
    private final RealmFile file;
    private final String suffix;

    FlowBuilder(AuthenticationManagementResource authentication, RealmFile file, String suffix) {
        this.authentication = authentication;
        this.file = file;
        this.suffix = suffix;
    }

    /** Creates the top-level flow {@code alias} (plus suffix); returns its id. */
    String build(String alias) {
        return create(FlowOutline.flow(file, alias), true);
    }

    private String create(JsonNode flow, boolean topLevel) {
        String alias = flow.path("alias").asText();
        AuthenticationFlowRepresentation representation = new AuthenticationFlowRepresentation();
        representation.setAlias(alias + suffix);
        representation.setDescription(flow.path("description").asText(""));
        representation.setProviderId(flow.path("providerId").asText("basic-flow"));
        representation.setTopLevel(topLevel);
        representation.setBuiltIn(false);
        String id;
        try (Response response = authentication.createFlow(representation)) {
            RealmSync.requireSuccess(response, "create authentication flow " + alias);
            id = idOf(response);
        }
        int priority = 0;
        for (JsonNode execution : FlowOutline.executions(flow)) {
            priority += 10;
            AuthenticationExecutionRepresentation added = new AuthenticationExecutionRepresentation();
            added.setParentFlow(id);
            added.setRequirement(execution.path("requirement").asText("DISABLED"));
            added.setPriority(priority);
            if (execution.path("authenticatorFlow").asBoolean()) {
                added.setAuthenticatorFlow(true);
                added.setFlowId(create(FlowOutline.flow(file, execution.path("flowAlias").asText()), false));
            } else {
                added.setAuthenticator(execution.path("authenticator").asText());
            }
            String executionId;
            try (Response response = authentication.addExecution(added)) {
                RealmSync.requireSuccess(response, "add " + describe(execution) + " to authentication flow " + alias);
                executionId = idOf(response);
            }
            if (execution.hasNonNull("authenticatorConfig")) {
                String configAlias = execution.path("authenticatorConfig").asText();
                AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
                config.setAlias(configAlias + suffix);
                config.setConfig(new HashMap<>(FlowOutline.config(file, configAlias)));
                try (Response response = authentication.newExecutionConfig(executionId, config)) {
                    RealmSync.requireSuccess(response, "configure " + describe(execution) + " in authentication flow " + alias);
                }
            }
        }
        return id;
    }

    private static String describe(JsonNode execution) {
        return execution.path("authenticatorFlow").asBoolean() ? "sub-flow " + execution.path("flowAlias").asText()
                : execution.path("authenticator").asText();
    }

    private static String idOf(Response created) {
        String path = created.getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
