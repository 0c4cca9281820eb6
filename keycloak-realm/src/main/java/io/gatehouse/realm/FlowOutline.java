package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

/**
 * An authentication flow as lines, one per execution in order, indented by depth: what runs, how required it is
 * and its configuration. Two flows with the same outline authenticate the same way, whatever their ids, so the
 * file's flow and Keycloak's compare as outlines.
 */
record FlowOutline(List<String> lines) {

    /** The outline of the file's top-level flow {@code alias}, its sub-flows found in the file by their aliases. */
    static FlowOutline of(RealmFile file, String alias) {
        List<String> lines = new ArrayList<>();
        describe(file, flow(file, alias), 0, "", lines);
        return new FlowOutline(lines);
    }

    private static void describe(RealmFile file, JsonNode flow, int depth, String requirement, List<String> lines) {
        lines.add(flowLine(depth, flow.path("alias").asText(), flow.path("providerId").asText("basic-flow"), requirement));
        for (JsonNode execution : executions(flow)) {
            String required = execution.path("requirement").asText("DISABLED");
            if (execution.path("authenticatorFlow").asBoolean()) {
                describe(file, flow(file, execution.path("flowAlias").asText()), depth + 1, " " + required, lines);
            } else {
                String configAlias = execution.path("authenticatorConfig").asText(null);
                lines.add(line(depth + 1, execution.path("authenticator").asText(), required,
                        configAlias == null ? null : new Config(configAlias, config(file, configAlias))));
            }
        }
    }

    private static String flowLine(int depth, String alias, String providerId, String requirement) {
        return "  ".repeat(depth) + "flow \"" + alias + "\" (" + providerId + ")" + requirement;
    }

    /** The outline of Keycloak's flow {@code alias}, as its flattened execution list says. */
    static FlowOutline of(AuthenticationManagementResource authentication, String alias, String providerId) {
        List<String> lines = new ArrayList<>();
        lines.add(flowLine(0, alias, providerId, ""));
        for (AuthenticationExecutionInfoRepresentation execution : authentication.getExecutions(alias)) {
            int depth = execution.getLevel() + 1;
            if (Boolean.TRUE.equals(execution.getAuthenticationFlow())) {
                String subflowProvider = authentication.getFlow(execution.getFlowId()).getProviderId();
                lines.add(flowLine(depth, execution.getDisplayName(), subflowProvider, " " + execution.getRequirement()));
            } else {
                Config config = null;
                if (execution.getAuthenticationConfig() != null) {
                    AuthenticatorConfigRepresentation found = authentication.getAuthenticatorConfig(execution.getAuthenticationConfig());
                    config = new Config(found.getAlias(), found.getConfig());
                }
                lines.add(line(depth, execution.getProviderId(), execution.getRequirement(), config));
            }
        }
        return new FlowOutline(lines);
    }

    /** The file's flow of this alias, or an error naming it. */
    static JsonNode flow(RealmFile file, String alias) {
        for (JsonNode flow : file.part("authenticationFlows")) {
            if (alias.equals(flow.path("alias").asText())) {
                return flow;
            }
        }
        throw new RealmFile.InvalidRealmFile(file.name() + ": the authentication flow \"" + alias + "\" is used but not in the file");
    }

    /** A flow's executions in the order they run (by priority, else as listed). */
    static List<JsonNode> executions(JsonNode flow) {
        List<JsonNode> executions = new ArrayList<>(StreamSupport.stream(flow.path("authenticationExecutions").spliterator(), false).toList());
        executions.sort(Comparator.comparingInt(execution -> execution.path("priority").asInt(0)));
        return executions;
    }

    /** The config of the file's {@code authenticatorConfig} entry of this alias. */
    static Map<String, String> config(RealmFile file, String alias) {
        for (JsonNode config : file.part("authenticatorConfig")) {
            if (alias.equals(config.path("alias").asText())) {
                Map<String, String> values = new TreeMap<>();
                config.path("config").fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));
                return values;
            }
        }
        throw new RealmFile.InvalidRealmFile(file.name() + ": the authenticator config \"" + alias + "\" is used but not in authenticatorConfig");
    }

    private static String line(int depth, String authenticator, String requirement, Config config) {
        return "  ".repeat(depth) + authenticator + " " + requirement
                + (config == null ? "" : " config \"" + config.alias() + "\" " + new TreeMap<>(config.values()));
    }

    private record Config(String alias, Map<String, String> values) {
    }

    /** The lines of this outline missing from the other (-) and the other's missing here (+), for a plan to show. */
    List<String> differencesFrom(FlowOutline actual) {
        List<String> out = new ArrayList<>();
        actual.lines.stream().filter(line -> !lines.contains(line)).forEach(line -> out.add("- " + line.strip() + " (in Keycloak)"));
        lines.stream().filter(line -> !actual.lines.contains(line)).forEach(line -> out.add("+ " + line.strip() + " (in the file)"));
        if (out.isEmpty() && !lines.equals(actual.lines)) {
            out.add("the same executions in another order");
        }
        return out;
    }
}
