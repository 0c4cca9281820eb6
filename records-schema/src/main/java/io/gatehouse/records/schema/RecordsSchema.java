package io.gatehouse.records.schema;

import com.datastax.oss.driver.api.core.CqlSession;

import java.util.List;

/**
 * The records' keyspace and tables, in one place for the API that writes them and the cleanup job that archives
 * them. Records are partitioned by (tenant, owner, month) so a listing reads one partition at a time and archiving
 * drops whole partitions; the month is the one of the record's time-based id ({@link MonthBucket}), so an id alone
 * names its partition for its owner.
 */
public final class RecordsSchema {
    public static final String KEYSPACE = "gatehouse";
    public static final String RECORDS = KEYSPACE + ".records_by_owner";
    public static final String BUCKETS = KEYSPACE + ".record_buckets";
    public static final String TENANT_SETTINGS = KEYSPACE + ".tenant_settings";
    /** The records column every insert and update writes: its write time is the row's last change. */
    public static final String CHANGED_BY_EVERY_WRITE = "version";

    private RecordsSchema() {
    }

    /** Creates what is missing; safe to run on every start and from several processes. */
    public static void apply(CqlSession session, int replicationFactor) {
        for (String statement : statements(replicationFactor)) {
            session.execute(statement);
        }
        // Tables created before a column was added get it here (Cassandra has no ADD ... IF NOT EXISTS).
        boolean hasOwnerName = session.refreshSchema().getKeyspace(KEYSPACE).flatMap(keyspace -> keyspace.getTable("record_buckets"))
                .flatMap(table -> table.getColumn("owner_name")).isPresent();
        if (!hasOwnerName) {
            session.execute("ALTER TABLE " + BUCKETS + " ADD owner_name text");
        }
    }

    static List<String> statements(int replicationFactor) {
        return List.of(
                "CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}",
                "CREATE TABLE IF NOT EXISTS " + RECORDS + " ("
                        + " tenant text, owner text, bucket text, id timeuuid,"
                        + " title text, body text, tags set<text>, created_at timestamp, updated_at timestamp, version int,"
                        + " PRIMARY KEY ((tenant, owner, bucket), id)"
                        + ") WITH CLUSTERING ORDER BY (id DESC)",
                // Which month buckets an owner has, newest first: listing walks these, archiving drops them whole.
                // owner_name is the username the owner last wrote with, for the admin's owner list.
                "CREATE TABLE IF NOT EXISTS " + BUCKETS + " ("
                        + " tenant text, owner text, bucket text, owner_name text,"
                        + " PRIMARY KEY ((tenant), owner, bucket)"
                        + ") WITH CLUSTERING ORDER BY (owner ASC, bucket DESC)",
                // Per-tenant settings set by its admins; the cleanup job reads the retention from here.
                "CREATE TABLE IF NOT EXISTS " + TENANT_SETTINGS + " ("
                        + " tenant text PRIMARY KEY, retention_days int, updated_at timestamp, updated_by text)");
    }
}
