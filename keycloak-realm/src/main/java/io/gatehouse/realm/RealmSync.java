package io.gatehouse.realm;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares a realm file with a running Keycloak and makes Keycloak match it. A realm Keycloak does not have
 * is created whole from the file; an existing one is changed resource type by resource type, in an order
 * where everything a change refers to exists first (client scopes before the clients that name them, flows before
 * the realm binds them, roles before users, the user profile and the LDAP federation before users, users and
 * identity providers before the organizations that name them).
 * Nothing is deleted unless its type is declared fully managed.
 */
public final class RealmSync {
    /** Parts of a realm file that are resources of their own rather than realm settings. */
    static final List<String> COLLECTIONS = List.of("roles", "clients", "users", "organizations", "groups", "clientScopes",
            "identityProviders", "identityProviderMappers", "components", "authenticationFlows", "authenticatorConfig",
            "requiredActions", "scopeMappings", "clientScopeMappings", "defaultRole", "adminPermissionsClient", "clientProfiles", "clientPolicies");
    private static final List<ResourceSync> SYNCS = List.of(new ClientScopesSync(), new AuthenticationFlowsSync(),
            new RequiredActionsSync(), new RealmSettingsSync(), new RealmRolesSync(), new ClientsSync(), new ClientPoliciesSync(),
            new UserProfileSync(), new ComponentsSync(), new GroupsSync(), new UsersSync(), new IdentityProvidersSync(),
            new OrganizationsSync(), new AdminPermissionsSync());
    private final Keycloak keycloak;
    private final Set<String> fullyManaged;

    /** Objects the files do not name are left alone. */
    public RealmSync(Keycloak keycloak) {
        this(keycloak, Set.of());
    }

    /**
     * @param fullyManaged resource types (clients, roles, organizations) of which Keycloak may hold only what the
     *                     files name: the rest is deleted, except what Keycloak makes in every realm
     */
    public RealmSync(Keycloak keycloak, Set<String> fullyManaged) {
        Set<String> known = SYNCS.stream().map(ResourceSync::managedName).filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
        for (String type : fullyManaged) {
            if (!known.contains(type)) {
                throw new IllegalArgumentException("--fully-manage takes " + String.join(", ", known) + ", not '" + type + "'");
            }
        }
        this.keycloak = keycloak;
        this.fullyManaged = Set.copyOf(fullyManaged);
    }

    /** What {@link #apply} would change, without changing anything. */
    public List<Change> plan(RealmFile file) {
        if (!exists(file.name())) {
            return List.of(creation(file));
        }
        RealmResource realm = keycloak.realm(file.name());
        List<Change> changes = new ArrayList<>();
        for (ResourceSync sync : SYNCS) {
            changes.addAll(changes(sync, realm, file));
        }
        return changes;
    }

    /**
     * Makes Keycloak match the file and returns what was changed; applying again changes nothing. Each resource
     * type is planned just before it is applied, so later types see what earlier ones created.
     */
    public List<Change> apply(RealmFile file) {
        List<Change> applied = new ArrayList<>();
        if (!exists(file.name())) {
            // Keycloak creates the realm whole but not its admin permissions: the syncs below add what it left out.
            Change create = creation(file);
            run(file, create);
            applied.add(create);
        }
        RealmResource realm = keycloak.realm(file.name());
        for (ResourceSync sync : SYNCS) {
            for (Change change : changes(sync, realm, file)) {
                run(file, change);
                applied.add(change);
            }
        }
        return applied;
    }

    private Change creation(RealmFile file) {
        return new Change("realm", file.name(), Change.Action.CREATE, List.of("the whole realm, as the file describes it"),
                () -> keycloak.realms().create(file.representation()));
    }

    private static void run(RealmFile file, Change change) {
        try {
            change.apply().run();
        } catch (RuntimeException e) {
            throw KeycloakRefusal.naming("realm " + file.name(), change.type() + " " + change.name(), e);
        }
    }

    /** Planning reads Keycloak; a refusal names the realm and the resource type (the syncs name single resources themselves). */
    private List<Change> changes(ResourceSync sync, RealmResource realm, RealmFile file) {
        try {
            List<Change> changes = new ArrayList<>(sync.plan(realm, file));
            String type = sync.managedName();
            if (type != null && fullyManaged.contains(type)) {
                changes.addAll(sync.prune(realm, file));
            }
            return changes;
        } catch (RuntimeException e) {
            throw KeycloakRefusal.naming("realm " + file.name(), "reading its " + sync.label(), e);
        }
    }

    private boolean exists(String realm) {
        try {
            keycloak.realm(realm).toRepresentation();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    static void requireSuccess(Response response, String what) {
        if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
            throw new KeycloakRefusal(what, response.getStatus(), KeycloakRefusal.oneLine(response.readEntity(String.class)));
        }
    }
}
