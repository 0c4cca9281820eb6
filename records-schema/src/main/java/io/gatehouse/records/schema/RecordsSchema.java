package io.gatehouse.records.schema;

import com.datastax.oss.driver.api.core.CqlSession;

import java.util.List;

/**
 * The records' keyspace and tables, in one place for the API that writes them and the cleanup job that archives
 * them. Records are partitioned by (tenant, owner, month) so a listing reads one partition at a time and archiving
 * drops whole partitions; the month is the one of the record's time-based id ({@link MonthBucket}), so an id alone
 * names its partition for its owner. The tables are made by numbered {@link #MIGRATIONS}, applied by
 * {@link SchemaMigrations}: a change to the schema is a new step at the end of the list, never an edit of an old one.
 */
public final class RecordsSchema {
    public static final String KEYSPACE = "gatehouse";
    public static final String RECORDS = KEYSPACE + ".records_by_owner";
    public static final String BUCKETS = KEYSPACE + ".record_buckets";
    public static final String TENANT_SETTINGS = KEYSPACE + ".tenant_settings";
    public static final String CLEANUP_LEASES = KEYSPACE + ".cleanup_leases";
    public static final String REVOCATIONS = KEYSPACE + ".revocations";
    /** The records column every insert and update writes: its write time is the row's last change. */
    public static final String CHANGED_BY_EVERY_WRITE = "version";

    static final List<Migration> MIGRATIONS = List.of(
            Migration.of(1, "records by owner and month, the owners' month buckets, tenant settings",
                    "CREATE TABLE IF NOT EXISTS %s.records_by_owner ("
                            + " tenant text, owner text, bucket text, id timeuuid,"
                            + " title text, body text, tags set<text>, created_at timestamp, updated_at timestamp, version int,"
                            + " PRIMARY KEY ((tenant, owner, bucket), id)"
                            + ") WITH CLUSTERING ORDER BY (id DESC)",
                    // Which month buckets an owner has, newest first: listing walks these, archiving drops them whole.
                    "CREATE TABLE IF NOT EXISTS %s.record_buckets ("
                            + " tenant text, owner text, bucket text,"
                            + " PRIMARY KEY ((tenant), owner, bucket)"
                            + ") WITH CLUSTERING ORDER BY (owner ASC, bucket DESC)",
                    // Per-tenant settings set by its admins; the cleanup job reads the retention from here.
                    "CREATE TABLE IF NOT EXISTS %s.tenant_settings ("
                            + " tenant text PRIMARY KEY, retention_days int, updated_at timestamp, updated_by text)"),
            new AddColumn(2, "record_buckets.owner_name: the username the owner last wrote with, for the admin's owner list",
                    "record_buckets", "owner_name", "text"),
            Migration.of(3, "cleanup_leases: the cleanup job's leases (one run per source at a time)",
                    "CREATE TABLE IF NOT EXISTS %s.cleanup_leases (name text PRIMARY KEY, holder text)"),
            // Ended Keycloak sessions (sid) and users (sub), shared by every API server: a partition per hour, read
            // from a time on; each row lives (TTL) until the last access token it can concern has expired.
            Migration.of(4, "revocations: ended sessions and users, until their access tokens expire",
                    "CREATE TABLE IF NOT EXISTS %s.revocations ("
                            + " hour text, at timeuuid, sid text, sub text,"
                            + " PRIMARY KEY ((hour), at)"
                            + ") WITH CLUSTERING ORDER BY (at ASC)"),
            new AddColumn(5, "revocations.ended_at: when Keycloak ended the user (an admin event's time), if not when the row was written",
                    "revocations", "ended_at", "timestamp"),
            // A replica that died is still asked for reads until gossip convicts it (10-20 s); the coordinator asks
            // another after the table's p99 read latency, which on a busy node is seconds. Bounded at 50 ms, a read -
            // and the read inside every lightweight transaction, which the driver cannot retry elsewhere - waits at
            // most that long for a dead replica (docs/reliability.md).
            Migration.of(6, "speculative_retry MIN(99p,50ms): reads go to a third replica after at most 50 ms",
                    "ALTER TABLE %s.records_by_owner WITH speculative_retry = 'MIN(99p,50ms)'",
                    "ALTER TABLE %s.record_buckets WITH speculative_retry = 'MIN(99p,50ms)'",
                    "ALTER TABLE %s.tenant_settings WITH speculative_retry = 'MIN(99p,50ms)'",
                    "ALTER TABLE %s.cleanup_leases WITH speculative_retry = 'MIN(99p,50ms)'",
                    "ALTER TABLE %s.revocations WITH speculative_retry = 'MIN(99p,50ms)'"));

    private RecordsSchema() {
    }

    /** A column added to an existing table, skipped when a half-done run already added it. */
    private record AddColumn(int version, String description, String table, String column, String type) implements Migration {
        @Override
        public void apply(CqlSession session, String keyspace) {
            if (!SchemaMigrations.hasColumn(session, keyspace, table, column)) {
                SchemaMigrations.ddl(session, "ALTER TABLE " + keyspace + "." + table + " ADD " + column + " " + type);
            }
        }
    }
}
