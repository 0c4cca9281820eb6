package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientScopeRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Client scopes by name, with their protocol mappers (by name). Applied before clients, which name them. Scopes
 * and mappers the file does not name are left alone: Keycloak's own scopes (profile, email, organization, ...)
 * stay as Keycloak makes them unless the file says otherwise.
 */
final class ClientScopesSync implements ResourceSync {

    @Override
    public String label() {
        return "client scopes";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        Map<String, ClientScopeRepresentation> existing = realm.clientScopes().findAll().stream()
                .collect(Collectors.toMap(ClientScopeRepresentation::getName, Function.identity()));
        List<Change> changes = new ArrayList<>();
        for (JsonNode wanted : file.part("clientScopes")) {
            String name = wanted.path("name").asText();
            ClientScopeRepresentation actual = existing.get(name);
            if (actual == null) {
                changes.add(new Change("client scope", name, Change.Action.CREATE, ResourceSync.names("mapper", wanted.path("protocolMappers")), () -> {
                    try (Response created = realm.clientScopes().create(RealmFile.JSON.convertValue(wanted, ClientScopeRepresentation.class))) {
                        RealmSync.requireSuccess(created, "create client scope " + name);
                    }
                }));
                continue;
            }
            List<String> differences = Differences.of(wanted, RealmFile.JSON.valueToTree(actual));
            if (!differences.isEmpty()) {
                changes.add(new Change("client scope", name, Change.Action.UPDATE, differences, () -> {
                    ObjectNode fields = wanted.deepCopy();
                    fields.remove("protocolMappers");
                    ClientScopeRepresentation update = RealmFile.JSON.convertValue(fields, ClientScopeRepresentation.class);
                    update.setId(actual.getId());
                    realm.clientScopes().get(actual.getId()).update(update);
                    ProtocolMappersSync.sync(realm.clientScopes().get(actual.getId()).getProtocolMappers(), wanted.path("protocolMappers"),
                            actual.getProtocolMappers());
                }));
            }
        }
        return changes;
    }
}
