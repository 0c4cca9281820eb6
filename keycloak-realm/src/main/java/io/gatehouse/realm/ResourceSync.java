package io.gatehouse.realm;

import org.keycloak.admin.client.resource.RealmResource;

import java.util.List;

/**
 * One Keycloak resource type kept as its part of the realm file says. Objects the file does not name are left
 * alone. A new resource type is one new implementation, listed in {@link RealmSync}.
 */
interface ResourceSync {

    /** The changes that would make this resource type in Keycloak match the file; empty when it does. */
    List<Change> plan(RealmResource realm, RealmFile file);

    /** The name used with --fully-manage, or none when this type cannot be fully managed. */
    default String managedName() {
        return null;
    }

    /** For a fully managed type: deleting what Keycloak has of it that the file does not name (never Keycloak's own). */
    default List<Change> prune(RealmResource realm, RealmFile file) {
        return List.of();
    }
}
