package io.gatehouse.stack.postgres;

import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.StackConfig;

import java.util.Map;
import java.util.Optional;

/** Where PostgreSQL listens, or the external PostgreSQL Keycloak uses instead when {@code gatehouse.postgres.url} is set. */
public record PostgresSettings(StackConfig stack, int port) implements ServerSettings {
    public static PostgresSettings of(StackConfig stack) {
        return new PostgresSettings(stack, stack.port("gatehouse.postgres.port", 15432));
    }

    @Override
    public Map<String, Integer> ports() {
        return runsElsewhere() ? Map.of() : Map.of("gatehouse.postgres.port", port);
    }

    @Override
    public boolean runsElsewhere() {
        return stack.settings().find("gatehouse.postgres.url").isPresent();
    }

    /** The external database (a JDBC URL, user and password), when one is set; an error when its password is not. */
    public Optional<Database> external() {
        return stack.settings().find("gatehouse.postgres.url").map(url -> new Database(url, stack.settings().get("gatehouse.postgres.user", PostgresServer.USER),
                stack.settings().find("gatehouse.postgres.password").orElseThrow(() ->
                        new IllegalArgumentException("GATEHOUSE_POSTGRES_URL is set but GATEHOUSE_POSTGRES_PASSWORD is not"))));
    }
}
