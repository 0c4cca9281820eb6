package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.ProtocolMappersResource;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.util.List;

/** Protocol mappers by name, of a client or a client scope: the file's are created or updated; others are left alone. */
final class ProtocolMappersSync {
    private ProtocolMappersSync() {
    }

    static void sync(ProtocolMappersResource resource, JsonNode wanted, List<ProtocolMapperRepresentation> existing) {
        for (JsonNode mapper : wanted) {
            ProtocolMapperRepresentation desired = RealmFile.JSON.convertValue(mapper, ProtocolMapperRepresentation.class);
            ProtocolMapperRepresentation actual = existing == null ? null : existing.stream()
                    .filter(m -> m.getName().equals(desired.getName())).findFirst().orElse(null);
            if (actual == null) {
                try (Response created = resource.createMapper(desired)) {
                    RealmSync.requireSuccess(created, "create mapper " + desired.getName());
                }
            } else if (!Differences.of(mapper, RealmFile.JSON.valueToTree(actual)).isEmpty()) {
                desired.setId(actual.getId());
                resource.update(actual.getId(), desired);
            }
        }
    }
}
