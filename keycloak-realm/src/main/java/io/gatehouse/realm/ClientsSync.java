package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Clients by clientId, with their protocol mappers (by name) and their default and optional client scopes.
 * Keycloak's client update ignores scopes and mappers, so those are changed through their own endpoints. The
 * scope lists are kept exactly as the file says, since a scope that stays on a client puts claims in its tokens.
 */
final class ClientsSync implements ResourceSync {
    private static final List<String> OWN_ENDPOINTS = List.of("protocolMappers", "defaultClientScopes", "optionalClientScopes");
    /** The clients Keycloak makes in every realm (admin-permissions once fine-grained admin permissions are on); never deleted. */
    private static final Set<String> BUILT_IN = Set.of("account", "account-console", "admin-cli", "admin-permissions", "broker",
            "realm-management", "security-admin-console");

    @Override
    public String managedName() {
        return "clients";
    }

    @Override
    public List<Change> prune(RealmResource realm, RealmFile file) {
        return ResourceSync.deletionsOf("client", realm.clients().findAll(), ClientRepresentation::getClientId, file.part("clients"),
                "clientId", BUILT_IN, client -> () -> realm.clients().get(client.getId()).remove());
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode wanted : file.part("clients")) {
            String clientId = wanted.path("clientId").asText();
            List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
            if (found.isEmpty()) {
                changes.add(new Change("client", clientId, Change.Action.CREATE, List.of(), () -> {
                    try (Response created = realm.clients().create(RealmFile.JSON.convertValue(wanted, ClientRepresentation.class))) {
                        RealmSync.requireSuccess(created, "create client " + clientId);
                    }
                }));
                continue;
            }
            ClientRepresentation actual = found.get(0);
            List<String> differences = Differences.of(wanted, RealmFile.JSON.valueToTree(actual));
            if (!differences.isEmpty()) {
                changes.add(new Change("client", clientId, Change.Action.UPDATE, differences, () -> update(realm, wanted, actual)));
            }
        }
        return changes;
    }

    private static void update(RealmResource realm, JsonNode wanted, ClientRepresentation actual) {
        ClientResource client = realm.clients().get(actual.getId());
        ObjectNode fields = wanted.deepCopy();
        fields.remove(OWN_ENDPOINTS);
        ClientRepresentation update = RealmFile.JSON.convertValue(fields, ClientRepresentation.class);
        update.setId(actual.getId());
        client.update(update);
        ProtocolMappersSync.sync(client.getProtocolMappers(), wanted.path("protocolMappers"), actual.getProtocolMappers());
        Map<String, String> scopeIds = realm.clientScopes().findAll().stream()
                .collect(Collectors.toMap(ClientScopeRepresentation::getName, ClientScopeRepresentation::getId));
        syncScopes(wanted.path("defaultClientScopes"), actual.getDefaultClientScopes(), scopeIds,
                client::addDefaultClientScope, client::removeDefaultClientScope);
        syncScopes(wanted.path("optionalClientScopes"), actual.getOptionalClientScopes(), scopeIds,
                client::addOptionalClientScope, client::removeOptionalClientScope);
    }

    private static void syncScopes(JsonNode wanted, List<String> actual, Map<String, String> ids,
                                   Consumer<String> add, Consumer<String> remove) {
        if (wanted.isMissingNode()) {
            return;
        }
        Set<String> desired = Differences.texts(wanted);
        Set<String> present = new TreeSet<>(actual == null ? List.of() : actual);
        for (String scope : desired) {
            if (!present.contains(scope)) {
                add.accept(requireScope(ids, scope));
            }
        }
        for (String scope : present) {
            if (!desired.contains(scope)) {
                remove.accept(requireScope(ids, scope));
            }
        }
    }

    private static String requireScope(Map<String, String> ids, String scope) {
        String id = ids.get(scope);
        if (id == null) {
            throw new IllegalStateException("no client scope '" + scope + "' in the realm");
        }
        return id;
    }
}
