package io.gatehouse.realm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.AuthorizationResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.ScopePermissionResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.authorization.AbstractPolicyRepresentation;
import org.keycloak.representations.idm.authorization.ClientPolicyRepresentation;
import org.keycloak.representations.idm.authorization.DecisionStrategy;
import org.keycloak.representations.idm.authorization.Logic;
import org.keycloak.representations.idm.authorization.ScopePermissionRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fine-grained admin permissions (v2): the policies and scope permissions the file lists under
 * {@code adminPermissionsClient.authorizationSettings.policies}, in Keycloak's export format, created or updated by
 * name. Two additions to that format: a client policy names clients by {@code clientId}, and a permission's
 * {@code resources} name objects the way the file does: groups by path, {@code *} standing for one segment
 * ({@code /tenants/*}{@code /admin}), organizations by alias, {@code *} for all of them. They are expanded to the
 * matching objects Keycloak has when the file is applied (after the file's own groups and organizations are made), so
 * a tenant added later is covered by applying again. A permission whose names match nothing is not kept at all: an
 * empty resource list would mean every object of its type, new ones included.
 */
final class AdminPermissionsSync implements ResourceSync {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Override
    public String label() {
        return "admin permissions";
    }

    @Override
    public List<Change> plan(RealmResource realm, RealmFile file) {
        JsonNode policies = file.part("adminPermissionsClient").path("authorizationSettings").path("policies");
        if (policies.isEmpty()) {
            return List.of();
        }
        ClientRepresentation client = realm.toRepresentation().getAdminPermissionsClient();
        if (client == null) {
            throw new RealmFile.InvalidRealmFile("realm " + file.name() + " lists admin permissions but Keycloak has not enabled them"
                    + " (the file needs \"adminPermissionsEnabled\": true, and Keycloak the admin-fine-grained-authz:v2 feature)");
        }
        AuthorizationResource authorization = realm.clients().get(client.getId()).authorization();
        List<Change> changes = new ArrayList<>();
        for (JsonNode policy : policies) {
            String type = policy.path("type").asText();
            switch (type) {
                case "client" -> planClientPolicy(realm, authorization, policy, changes);
                case "scope" -> planScopePermission(realm, authorization, policy, changes);
                default -> throw new RealmFile.InvalidRealmFile("admin permission \"" + policy.path("name").asText()
                        + "\": type \"" + type + "\" is not supported here (client policies and scope permissions are)");
            }
        }
        return changes;
    }

    private static void planClientPolicy(RealmResource realm, AuthorizationResource authorization, JsonNode file, List<Change> changes) {
        ClientPolicyRepresentation wanted = common(new ClientPolicyRepresentation(), file);
        for (String clientId : strings(file, "clients")) {
            List<ClientRepresentation> found = realm.clients().findByClientId(clientId);
            if (found.isEmpty()) {
                throw new RealmFile.InvalidRealmFile("admin permission \"" + wanted.getName() + "\" names client " + clientId + ", which the realm does not have");
            }
            wanted.addClient(found.get(0).getId());
        }
        ClientPolicyRepresentation existing = authorization.policies().client().findByName(wanted.getName());
        if (existing == null) {
            changes.add(new Change("admin policy", wanted.getName(), Change.Action.CREATE, List.of("clients " + strings(file, "clients")), () -> {
                try (Response created = authorization.policies().client().create(wanted)) {
                    RealmSync.requireSuccess(created, "create admin policy " + wanted.getName());
                }
            }));
            return;
        }
        List<String> differences = new ArrayList<>();
        differ(differences, "logic", existing.getLogic(), wanted.getLogic());
        differ(differences, "description", existing.getDescription(), wanted.getDescription());
        differ(differences, "clients", new TreeSet<>(existing.getClients()), new TreeSet<>(wanted.getClients()));
        if (!differences.isEmpty()) {
            wanted.setId(existing.getId());
            changes.add(new Change("admin policy", wanted.getName(), Change.Action.UPDATE, differences,
                    () -> authorization.policies().client().findById(existing.getId()).update(wanted)));
        }
    }

    private static void planScopePermission(RealmResource realm, AuthorizationResource authorization, JsonNode file, List<Change> changes) {
        ScopePermissionRepresentation wanted = common(new ScopePermissionRepresentation(), file);
        wanted.setResourceType(file.path("resourceType").asText());
        if (!knowsType(authorization, wanted.getResourceType())) {
            return;
        }
        wanted.setScopes(new TreeSet<>(strings(file, "scopes")));
        wanted.setPolicies(new TreeSet<>(strings(file, "applyPolicies")));
        List<String> paths = strings(file, "resources");
        Set<String> resources = new TreeSet<>();
        paths.forEach(path -> resources.addAll(ids(realm, wanted.getResourceType(), path, wanted.getName())));
        wanted.setResources(resources);
        ScopePermissionRepresentation existing = authorization.permissions().scope().findByName(wanted.getName());
        if (!paths.isEmpty() && resources.isEmpty()) {
            // Nothing matches (a realm without tenants yet): no permission, rather than one on every object of the type.
            if (existing != null) {
                changes.add(new Change("admin permission", wanted.getName(), Change.Action.DELETE, List.of("nothing matches " + paths),
                        () -> authorization.permissions().scope().findById(existing.getId()).remove()));
            }
            return;
        }
        String target = paths.isEmpty() ? "every " + wanted.getResourceType() : resources.size() + " of " + wanted.getResourceType() + " matching " + paths;
        if (existing == null) {
            changes.add(new Change("admin permission", wanted.getName(), Change.Action.CREATE,
                    List.of(wanted.getScopes() + " on " + target + ", for " + wanted.getPolicies()), () -> {
                try (Response created = authorization.permissions().scope().create(wanted)) {
                    RealmSync.requireSuccess(created, "create admin permission " + wanted.getName());
                }
            }));
            return;
        }
        ScopePermissionResource current = authorization.permissions().scope().findById(existing.getId());
        List<String> differences = new ArrayList<>();
        differ(differences, "resource type", existing.getResourceType(), wanted.getResourceType());
        differ(differences, "description", existing.getDescription(), wanted.getDescription());
        differ(differences, "decision strategy", existing.getDecisionStrategy(), wanted.getDecisionStrategy());
        differ(differences, "scopes", names(current.scopes().stream().map(scope -> scope.getName())), wanted.getScopes());
        differ(differences, "policies", names(current.associatedPolicies().stream().map(AbstractPolicyRepresentation::getName)), wanted.getPolicies());
        // A permission on every object of its type holds the type's own resource, named after the type.
        Set<String> wantedResources = resources.isEmpty() ? Set.of(wanted.getResourceType()) : resources;
        differ(differences, "resources", names(current.resources().stream().map(resource -> resource.getName())), new TreeSet<>(wantedResources));
        if (!differences.isEmpty()) {
            wanted.setId(existing.getId());
            changes.add(new Change("admin permission", wanted.getName(), Change.Action.UPDATE, differences, () -> current.update(wanted)));
        }
    }

    /**
     * Whether Keycloak's permission schema has the resource type (a resource named after it). Keycloak 26.5 has no
     * Organizations type: before an upgrade its permissions are left out, with one line saying so, and the first apply
     * after the upgrade (whose migration brings the schema up to date) adds them.
     */
    private static boolean knowsType(AuthorizationResource authorization, String type) {
        if (hasTypeResource(authorization, type)) {
            return true;
        }
        System.err.println("gatehouse-realm: this Keycloak has no admin permission resource type " + type
                + "; its permissions are left out until Keycloak is upgraded (26.7 has it) and the file applied again");
        return false;
    }

    private static boolean hasTypeResource(AuthorizationResource authorization, String type) {
        return authorization.resources().findByName(type).stream().anyMatch(resource -> type.equals(resource.getType()));
    }

    private static <T extends AbstractPolicyRepresentation> T common(T representation, JsonNode file) {
        representation.setName(file.path("name").asText());
        representation.setDescription(file.path("description").isMissingNode() ? null : file.path("description").asText());
        representation.setLogic(Logic.valueOf(file.path("logic").asText("POSITIVE")));
        representation.setDecisionStrategy(DecisionStrategy.valueOf(file.path("decisionStrategy").asText("UNANIMOUS")));
        return representation;
    }

    /** A config entry holding a JSON list as a string, the way Keycloak exports policies. */
    private static List<String> strings(JsonNode policy, String key) {
        JsonNode value = policy.path("config").path(key);
        if (value.isMissingNode()) {
            return List.of();
        }
        try {
            return RealmFile.JSON.readValue(value.asText(), STRINGS);
        } catch (JsonProcessingException e) {
            throw new RealmFile.InvalidRealmFile("admin permission \"" + policy.path("name").asText() + "\": config." + key
                    + " must be a JSON list of strings written as a string, got " + value);
        }
    }

    /** Ids of the objects a name of the file stands for. */
    private static List<String> ids(RealmResource realm, String resourceType, String name, String permission) {
        return switch (resourceType) {
            case "Groups" -> groupIds(realm, name);
            case "Organizations" -> realm.organizations().list(0, 10_000).stream()
                    .filter(organization -> name.equals("*") || name.equals(organization.getAlias()))
                    .map(OrganizationRepresentation::getId).toList();
            default -> throw new RealmFile.InvalidRealmFile("admin permission \"" + permission + "\": resources of type " + resourceType
                    + " cannot be named here (groups by path and organizations by alias can)");
        };
    }

    /** Ids of the groups a path names, {@code *} standing for any one segment. */
    private static List<String> groupIds(RealmResource realm, String path) {
        List<String> segments = List.of(path.replaceFirst("^/", "").split("/"));
        List<GroupRepresentation> matches = new ArrayList<>(realm.groups().groups(0, 1000).stream()
                .filter(group -> matches(segments.get(0), group)).toList());
        for (String segment : segments.subList(1, segments.size())) {
            List<GroupRepresentation> next = new ArrayList<>();
            for (GroupRepresentation parent : matches) {
                realm.groups().group(parent.getId()).getSubGroups(0, 1000, true).stream()
                        .filter(group -> matches(segment, group)).forEach(next::add);
            }
            matches = next;
        }
        return matches.stream().map(GroupRepresentation::getId).toList();
    }

    private static boolean matches(String segment, GroupRepresentation group) {
        return segment.equals("*") || segment.equals(group.getName());
    }

    private static Set<String> names(Stream<String> names) {
        return names.collect(Collectors.toCollection(TreeSet::new));
    }

    private static void differ(List<String> differences, String what, Object current, Object wanted) {
        if (!Objects.equals(current, wanted)) {
            differences.add(what + ": " + current + " -> " + wanted);
        }
    }
}
