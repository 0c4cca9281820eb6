package io.gatehouse.app.security;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;

/**
 * How many reads and writes Cassandra has served on the app's tables, from its virtual tables: a rejected
 * request must leave this unchanged, which proves it was refused before any statement ran. The revocation list is
 * left out: every API server reads it in the background (a poll), never on a request.
 */
final class CassandraActivity implements AutoCloseable {
    private final CqlSession session;

    CassandraActivity(Stack stack) {
        this.session = CqlSession.builder()
                .addContactPoint(stack.server(CassandraServer.class).settings().address())
                .withLocalDatacenter(CassandraSettings.of(stack.config()).datacenter()).build();
    }

    long operations() {
        return count("local_read_latency") + count("local_write_latency");
    }

    private long count(String view) {
        long total = 0;
        for (Row row : session.execute("SELECT keyspace_name, table_name, count FROM system_views." + view)) {
            if (RecordsSchema.KEYSPACE.equals(row.getString("keyspace_name"))
                    && !RecordsSchema.REVOCATIONS.equals(RecordsSchema.KEYSPACE + "." + row.getString("table_name"))) {
                total += row.getLong("count");
            }
        }
        return total;
    }

    @Override
    public void close() {
        session.close();
    }
}
