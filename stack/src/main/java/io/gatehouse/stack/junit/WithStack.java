package io.gatehouse.stack.junit;

import io.gatehouse.stack.Component;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an integration test class the real servers it names (and those they need), started once per test JVM
 * and shared by every class that asks for the same set; a test method or constructor takes a
 * {@link io.gatehouse.stack.Stack} parameter to reach them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StackExtension.class)
public @interface WithStack {
    Component[] value();

    /** Cassandra's nodes: 3 for a cluster as in AWS (a stack of its own, beside the single-node one). */
    int cassandraNodes() default 1;

    /** Keycloak's nodes: 2 for a cluster behind a load balancer as in AWS (a stack of its own). */
    int keycloakNodes() default 1;
}
