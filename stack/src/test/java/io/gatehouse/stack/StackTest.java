package io.gatehouse.stack;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StackTest {
    private static final StackConfig EMBEDDED = StackConfig.load(new Settings(Map.of(), Map.of()));

    @Test
    void keycloakBringsItsPostgresAndTheDirectoryItFederates() {
        assertThat(Stack.withRequirements(EnumSet.of(Component.KEYCLOAK), EMBEDDED))
                .containsExactlyInAnyOrder(Component.KEYCLOAK, Component.POSTGRES, Component.LDAP, Component.MAIL);
    }

    @Test
    void libertyBringsCassandra() {
        assertThat(Stack.withRequirements(EnumSet.of(Component.LIBERTY, Component.S3), EMBEDDED))
                .containsExactlyInAnyOrder(Component.LIBERTY, Component.CASSANDRA, Component.S3);
    }

    @Test
    void anExternalPostgresReplacesTheEmbeddedOne() {
        StackConfig external = StackConfig.load(new Settings(Map.of("gatehouse.postgres.url", "jdbc:postgresql://db:5432/keycloak"), Map.of()));

        assertThat(Stack.withRequirements(EnumSet.of(Component.KEYCLOAK), external)).containsExactlyInAnyOrder(Component.KEYCLOAK, Component.LDAP, Component.MAIL);
    }
}
