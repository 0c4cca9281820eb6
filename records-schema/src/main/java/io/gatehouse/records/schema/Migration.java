package io.gatehouse.records.schema;

import com.datastax.oss.driver.api.core.CqlSession;

import java.util.List;

/**
 * One numbered step of the records schema. Steps run in order, each once per keyspace, and each is idempotent
 * ({@code IF NOT EXISTS}, or a check of the table's metadata first), so that a step cut short by a crash is simply
 * run again, and a keyspace made before versioning existed is brought under it by running every step.
 */
interface Migration {
    int version();

    String description();

    /** Applies this step to the keyspace. */
    void apply(CqlSession session, String keyspace);

    /** A step that is a list of CQL statements, {@code %s} standing for the keyspace. */
    static Migration of(int version, String description, String... statements) {
        return new Migration() {
            @Override
            public int version() {
                return version;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void apply(CqlSession session, String keyspace) {
                List.of(statements).forEach(statement -> SchemaMigrations.ddl(session, statement.formatted(keyspace)));
            }
        };
    }
}
