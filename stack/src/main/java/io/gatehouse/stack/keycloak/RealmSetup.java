package io.gatehouse.stack.keycloak;

import io.gatehouse.stack.StackConfig;

import java.util.function.Consumer;

/**
 * Brings the stack's realms fully in line with the realm files once Keycloak has them, beyond what a realm import can
 * carry (its fine-grained admin permissions) and on a data folder made by an older version of the files. The
 * keycloak-realm module provides it (a {@link java.util.ServiceLoader} service); without that module the import is all.
 */
public interface RealmSetup {
    void apply(StackConfig config, Consumer<String> out);
}
