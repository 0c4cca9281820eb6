package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Organizations (the tenants) by alias, with their domains, their members (by username) and their identity
 * providers (by alias). Members and providers the file names are added; others are left alone.
 */
final class OrganizationsSync implements ResourceSync {

    @Override
    public String managedName() {
        return "organizations";
    }

    @Override
    public List<Change> prune(RealmResource realm, RealmFile file) {
        if (!Boolean.TRUE.equals(realm.toRepresentation().isOrganizationsEnabled())) {
            return List.of(); // Keycloak has no organizations endpoint then
        }
        return ResourceSync.deletionsOf("organization", realm.organizations().getAll(), OrganizationRepresentation::getAlias,
                file.part("organizations"), "alias", Set.of(), organization -> () -> {
                    try (Response deleted = realm.organizations().get(organization.getId()).delete()) {
                        RealmSync.requireSuccess(deleted, "delete organization " + organization.getAlias());
                    }
                });
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        List<Change> changes = new ArrayList<>();
        if (file.part("organizations").isEmpty()) {
            return changes; // a realm without organizations has no organizations endpoint
        }
        Map<String, OrganizationRepresentation> existing = realm.organizations().getAll().stream()
                .collect(Collectors.toMap(OrganizationRepresentation::getAlias, organization -> organization));
        for (JsonNode wanted : file.part("organizations")) {
            String alias = wanted.path("alias").asText();
            try {
                plan(realm, wanted, existing.get(alias)).ifPresent(changes::add);
            } catch (RuntimeException e) {
                throw KeycloakRefusal.naming("realm " + file.name(), "organization " + alias, e);
            }
        }
        return changes;
    }

    private static Optional<Change> plan(RealmResource realm, JsonNode wanted, OrganizationRepresentation actual) {
        String alias = wanted.path("alias").asText();
        ObjectNode organization = wanted.deepCopy();
        organization.remove(List.of("members", "identityProviders"));
        Set<String> members = new TreeSet<>();
        wanted.path("members").forEach(member -> members.add(member.path("username").asText()));
        Set<String> providers = new TreeSet<>();
        wanted.path("identityProviders").forEach(provider -> providers.add(provider.path("alias").asText()));
        if (actual == null) {
            List<String> details = new ArrayList<>();
            if (!members.isEmpty()) {
                details.add("members: " + members);
            }
            if (!providers.isEmpty()) {
                details.add("identity providers: " + providers);
            }
            return Optional.of(new Change("organization", alias, Change.Action.CREATE, details, () -> {
                try (Response created = realm.organizations().create(RealmFile.JSON.convertValue(organization, OrganizationRepresentation.class))) {
                    RealmSync.requireSuccess(created, "create organization " + alias);
                }
                String id = find(realm, alias).getId();
                addMembers(realm, id, members);
                addProviders(realm, id, providers);
            }));
        }
        // The listing leaves attributes out: compare them with the organization read on its own.
        OrganizationRepresentation full = organization.has("attributes") ? realm.organizations().get(actual.getId()).toRepresentation() : actual;
        List<String> differences = new ArrayList<>(Differences.of(organization, RealmFile.JSON.valueToTree(full)));
        Set<String> missing = new TreeSet<>();
        for (String username : members) {
            if (!isMember(realm, actual.getId(), username)) {
                missing.add(username);
            }
        }
        if (!missing.isEmpty()) {
            differences.add("members: add " + missing);
        }
        Set<String> unlinked = new TreeSet<>(providers);
        realm.organizations().get(actual.getId()).identityProviders().getIdentityProviders().stream()
                .map(IdentityProviderRepresentation::getAlias).forEach(unlinked::remove);
        if (!unlinked.isEmpty()) {
            differences.add("identity providers: add " + unlinked);
        }
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Change("organization", alias, Change.Action.UPDATE, differences, () -> {
            OrganizationRepresentation update = RealmFile.JSON.convertValue(organization, OrganizationRepresentation.class);
            update.setId(actual.getId());
            try (Response updated = realm.organizations().get(actual.getId()).update(update)) {
                RealmSync.requireSuccess(updated, "update organization " + alias);
            }
            addMembers(realm, actual.getId(), missing);
            addProviders(realm, actual.getId(), unlinked);
        }));
    }

    /**
     * Asks about this one user rather than listing the members: Keycloak's listing fails as a whole (HTTP 400 "Cannot
     * parse the JSON") when one member is a federated user whose directory entry no longer matches, because it checks
     * each member against the directory while it writes the list and that check removes the stale user mid-answer.
     * Looking the user up by username first lets Keycloak settle such a user (it re-imports the directory entry).
     */
    private static boolean isMember(RealmResource realm, String organizationId, String username) {
        UserRepresentation user = UsersSync.find(realm, username);
        if (user == null) {
            return false;
        }
        try {
            realm.organizations().get(organizationId).members().member(user.getId()).toRepresentation();
            return true;
        } catch (NotFoundException notAMember) {
            return false;
        }
    }

    private static OrganizationRepresentation find(RealmResource realm, String alias) {
        return realm.organizations().getAll().stream().filter(o -> alias.equals(o.getAlias())).findFirst().orElse(null);
    }

    private static void addProviders(RealmResource realm, String organizationId, Set<String> aliases) {
        for (String alias : aliases) {
            try (Response linked = realm.organizations().get(organizationId).identityProviders().addIdentityProvider(alias)) {
                RealmSync.requireSuccess(linked, "link identity provider " + alias + " to the organization");
            }
        }
    }

    private static void addMembers(RealmResource realm, String organizationId, Set<String> usernames) {
        for (String username : usernames) {
            var user = UsersSync.find(realm, username);
            if (user == null) {
                throw new IllegalStateException("organization member '" + username + "' is not a user of the realm");
            }
            try (Response added = realm.organizations().get(organizationId).members().addMember(user.getId())) {
                RealmSync.requireSuccess(added, "add " + username + " to the organization");
            }
        }
    }
}
