package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A keyspace created by an earlier version gets the columns added since, and applying twice changes nothing. */
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class SchemaUpgradeIT {

    @Test
    void aBucketTableWithoutOwnerNamesGetsTheColumn(Stack stack) {
        try (CqlSession session = CqlSession.builder().addContactPoint(stack.cassandraAddress())
                .withLocalDatacenter(stack.config().cassandraDatacenter()).build()) {
            RecordsSchema.apply(session, 1);
            session.execute("ALTER TABLE " + RecordsSchema.BUCKETS + " DROP owner_name");
            assertThat(hasOwnerName(session)).as("the table as an earlier version left it").isFalse();

            RecordsSchema.apply(session, 1);
            RecordsSchema.apply(session, 1);

            assertThat(hasOwnerName(session)).isTrue();
        }
    }

    private static boolean hasOwnerName(CqlSession session) {
        return session.refreshSchema().getKeyspace(RecordsSchema.KEYSPACE).orElseThrow()
                .getTable("record_buckets").orElseThrow().getColumn(CqlIdentifier.fromCql("owner_name")).isPresent();
    }
}
