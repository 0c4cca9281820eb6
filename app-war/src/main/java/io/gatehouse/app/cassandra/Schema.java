package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * The application's keyspace and tables, created idempotently on first connection. Records are partitioned
 * by (tenant, owner, month) so a listing reads one partition at a time and archiving drops whole partitions;
 * the month is the one of the record's time-based id, so an id alone names its partition for its owner.
 */
@ApplicationScoped
public class Schema {
    public static final String KEYSPACE = "gatehouse";
    private final int replicationFactor;

    @Inject
    public Schema(@ConfigProperty(name = "gatehouse.cassandra.replication-factor", defaultValue = "1") int replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    /** For CDI's proxy only. */
    protected Schema() {
        this.replicationFactor = 1;
    }

    public void apply(CqlSession session) {
        for (String statement : statements()) {
            session.execute(statement);
        }
    }

    List<String> statements() {
        return List.of(
                "CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}",
                "CREATE TABLE IF NOT EXISTS " + KEYSPACE + ".records_by_owner ("
                        + " tenant text, owner text, bucket text, id timeuuid,"
                        + " title text, body text, tags set<text>, created_at timestamp, updated_at timestamp, version int,"
                        + " PRIMARY KEY ((tenant, owner, bucket), id)"
                        + ") WITH CLUSTERING ORDER BY (id DESC)",
                // Which month buckets an owner has, newest first: listing walks these, archiving drops them whole.
                "CREATE TABLE IF NOT EXISTS " + KEYSPACE + ".record_buckets ("
                        + " tenant text, owner text, bucket text,"
                        + " PRIMARY KEY ((tenant), owner, bucket)"
                        + ") WITH CLUSTERING ORDER BY (owner ASC, bucket DESC)",
                // Per-tenant settings set by its admins; the cleanup job reads the retention from here.
                "CREATE TABLE IF NOT EXISTS " + KEYSPACE + ".tenant_settings ("
                        + " tenant text PRIMARY KEY, retention_days int, updated_at timestamp, updated_by text)");
    }
}
