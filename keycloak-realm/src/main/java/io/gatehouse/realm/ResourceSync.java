package io.gatehouse.realm;

import org.keycloak.admin.client.resource.RealmResource;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One Keycloak resource type kept as its part of the realm file says. Objects the file does not name are left
 * alone. A new resource type is one new implementation, listed in {@link RealmSync}.
 */
interface ResourceSync {

    /** The changes that would make this resource type in Keycloak match the file; empty when it does. */
    List<Change> plan(RealmResource realm, RealmFile file);

    /** What this type is called in messages, e.g. "organizations". */
    default String label() {
        return managedName();
    }

    /** The name used with --fully-manage, or none when this type cannot be fully managed. */
    default String managedName() {
        return null;
    }

    /** For a fully managed type: deleting what Keycloak has of it that the file does not name (never Keycloak's own). */
    default List<Change> prune(RealmResource realm, RealmFile file) {
        return List.of();
    }

    /**
     * Deletions of the objects Keycloak has that the file's list does not name by {@code key}, except {@code keep}.
     *
     * @param delete how to delete one object
     */
    static <T> List<Change> deletionsOf(String type, Collection<T> existing, Function<T, String> name, JsonNode fileList, String key,
                                        Set<String> keep, Function<T, Runnable> delete) {
        Set<String> named = new TreeSet<>();
        fileList.forEach(item -> named.add(item.path(key).asText()));
        return existing.stream()
                .filter(object -> !named.contains(name.apply(object)) && !keep.contains(name.apply(object)))
                .map(object -> new Change(type, name.apply(object), Change.Action.DELETE, List.of(), delete.apply(object)))
                .toList();
    }

    /** "kind name" for each named item of the file, to say what a creation brings along. */
    static List<String> names(String kind, Iterable<JsonNode> items) {
        List<String> names = new java.util.ArrayList<>();
        items.forEach(item -> names.add(kind + " " + item.path("name").asText()));
        return names;
    }
}
