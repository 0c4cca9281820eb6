package io.gatehouse.stack.keycloak;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * People a test makes for itself in the realm (so that what it does to them leaves the demo users alone): each a new
 * user with a password, a member of one organization; all deleted again by {@link #close}.
 */
public final class NewMembers implements AutoCloseable {
    private final RealmResource realm;
    private final List<String> made = new ArrayList<>();

    public NewMembers(RealmResource realm) {
        this.realm = realm;
    }

    /**
     * A new member of {@code organization} (its alias) with {@code password} and the given required actions (what an
     * admin or a policy asks of them at their next sign-in); named {@code member-<random>}, e-mail at
     * {@code <organization>.test}. Returns the user's id.
     */
    public String add(String organization, String password, String... requiredActions) {
        String username = "member-" + UUID.randomUUID().toString().substring(0, 8);
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@" + organization + ".test");
        user.setFirstName("New");
        user.setLastName("Member");
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.setRequiredActions(List.of(requiredActions));
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        String id;
        try (Response created = realm.users().create(user)) {
            if (created.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused the new user: HTTP " + created.getStatus());
            }
            id = created.getLocation().getPath().replaceAll(".*/", "");
        }
        made.add(id);
        try (Response added = realm.organizations().get(organizationId(realm, organization)).members().addMember(id)) {
            if (added.getStatus() != 201) {
                throw new IllegalStateException("Keycloak refused the membership: HTTP " + added.getStatus());
            }
        }
        return id;
    }

    /** The id of the organization of this alias. */
    public static String organizationId(RealmResource realm, String alias) {
        return realm.organizations().getAll().stream().filter(candidate -> alias.equals(candidate.getAlias())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no organization " + alias)).getId();
    }

    public String username(String id) {
        return realm.users().get(id).toRepresentation().getUsername();
    }

    /** Deletes the users this made that still exist (a test may have deleted one itself). */
    @Override
    public void close() {
        for (String id : made) {
            try (Response removed = realm.users().delete(id)) {
                if (removed.getStatus() != 204 && removed.getStatus() != 404) {
                    throw new IllegalStateException("Keycloak refused to delete test user " + id + ": HTTP " + removed.getStatus());
                }
            }
        }
    }
}
