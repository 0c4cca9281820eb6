package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Identity providers (enterprise SSO) by alias, with their mappers ({@code identityProviderMappers} of the file,
 * by name). Keycloak never returns a provider's client secret, so it cannot show as a change; it is sent with
 * every create and update. Config keys the file does not name are kept, as is the link to an organization.
 */
final class IdentityProvidersSync implements ResourceSync {

    @Override
    public String label() {
        return "identity providers";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        Map<String, IdentityProviderRepresentation> existing = realm.identityProviders().findAll().stream()
                .collect(Collectors.toMap(IdentityProviderRepresentation::getAlias, Function.identity()));
        Map<String, List<JsonNode>> mappers = new HashMap<>();
        file.part("identityProviderMappers").forEach(mapper ->
                mappers.computeIfAbsent(mapper.path("identityProviderAlias").asText(), alias -> new ArrayList<>()).add(mapper));
        List<Change> changes = new ArrayList<>();
        for (JsonNode wanted : file.part("identityProviders")) {
            String alias = wanted.path("alias").asText();
            List<JsonNode> wantedMappers = mappers.getOrDefault(alias, List.of());
            IdentityProviderRepresentation actual = existing.get(alias);
            if (actual == null) {
                changes.add(new Change("identity provider", alias, Change.Action.CREATE, ResourceSync.names("mapper", wantedMappers), () -> {
                    try (Response created = realm.identityProviders().create(RealmFile.JSON.convertValue(wanted, IdentityProviderRepresentation.class))) {
                        RealmSync.requireSuccess(created, "create identity provider " + alias);
                    }
                    syncMappers(realm.identityProviders().get(alias), wantedMappers, List.of());
                }));
                continue;
            }
            IdentityProviderResource provider = realm.identityProviders().get(alias);
            List<IdentityProviderMapperRepresentation> actualMappers = provider.getMappers();
            List<String> differences = new ArrayList<>(Differences.of(wanted, RealmFile.JSON.valueToTree(actual)));
            differences.addAll(Differences.of(mapperList(wantedMappers), RealmFile.JSON.createObjectNode()
                    .set("mappers", RealmFile.JSON.valueToTree(actualMappers))));
            if (!differences.isEmpty()) {
                changes.add(new Change("identity provider", alias, Change.Action.UPDATE, differences, () -> {
                    provider.update(merged(wanted, actual));
                    syncMappers(provider, wantedMappers, actualMappers);
                }));
            }
        }
        return changes;
    }

    /** The file's provider over Keycloak's: config keys the file leaves out and the organization link stay. */
    private static IdentityProviderRepresentation merged(JsonNode wanted, IdentityProviderRepresentation actual) {
        IdentityProviderRepresentation update = RealmFile.JSON.convertValue(wanted, IdentityProviderRepresentation.class);
        Map<String, String> config = new HashMap<>(actual.getConfig());
        config.putAll(update.getConfig());
        update.setConfig(config);
        update.setInternalId(actual.getInternalId());
        update.setOrganizationId(actual.getOrganizationId());
        return update;
    }

    private static void syncMappers(IdentityProviderResource provider, List<JsonNode> wanted, List<IdentityProviderMapperRepresentation> actual) {
        for (JsonNode mapper : wanted) {
            IdentityProviderMapperRepresentation desired = RealmFile.JSON.convertValue(mapper, IdentityProviderMapperRepresentation.class);
            IdentityProviderMapperRepresentation existing = actual.stream().filter(m -> m.getName().equals(desired.getName())).findFirst().orElse(null);
            if (existing == null) {
                try (Response created = provider.addMapper(desired)) {
                    RealmSync.requireSuccess(created, "create identity provider mapper " + desired.getName());
                }
            } else if (!Differences.of(mapper, RealmFile.JSON.valueToTree(existing)).isEmpty()) {
                desired.setId(existing.getId());
                provider.update(existing.getId(), desired);
            }
        }
    }

    private static ObjectNode mapperList(List<JsonNode> mappers) {
        ObjectNode node = RealmFile.JSON.createObjectNode();
        node.putArray("mappers").addAll(mappers);
        return node;
    }
}
