package io.gatehouse.records.schema;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Brings a keyspace to the newest records schema, once, whoever starts first: the applied steps are rows of
 * {@code schema_migrations}; a process that finds steps pending takes a lease row in {@code schema_lock} (a
 * lightweight transaction with a TTL, so a crashed holder's lease runs out), applies the pending steps in order and
 * records each. Others wait for the lease and then find nothing left to do. A keyspace whose schema is newer than
 * this code knows is refused, so an older build never runs against newer data.
 */
public final class SchemaMigrations {
    private static final Duration LEASE = Duration.ofSeconds(60);
    /** Schema changes wait for every node to agree; far longer than a request's timeout on a busy machine. */
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WAIT_FOR_LEASE = Duration.ofMinutes(2);
    private final String keyspace;
    private final int replicationFactor;

    /** The records keyspace of Gatehouse. */
    public SchemaMigrations(int replicationFactor) {
        this(RecordsSchema.KEYSPACE, replicationFactor);
    }

    /** Any keyspace with the records schema: tests migrate fixtures of older releases in keyspaces of their own. */
    public SchemaMigrations(String keyspace, int replicationFactor) {
        this.keyspace = keyspace;
        this.replicationFactor = replicationFactor;
    }

    /** Newest version this code knows. */
    public static int latest() {
        return RecordsSchema.MIGRATIONS.get(RecordsSchema.MIGRATIONS.size() - 1).version();
    }

    /**
     * Applies what is pending and returns the versions applied by this call (empty when the schema was current).
     *
     * @param holder who is migrating, recorded with each step (host and process)
     * @param progress told of each step before it runs
     */
    public List<Integer> migrate(CqlSession session, String holder, Consumer<String> progress) {
        String replication = replication(session);
        ddl(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
        convergeStrategy(session, replication, progress);
        ddl(session, "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_migrations ("
                + " version int PRIMARY KEY, description text, applied_at timestamp, applied_by text)");
        ddl(session, "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_lock (name text PRIMARY KEY, holder text)");
        if (pending(session).isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + WAIT_FOR_LEASE.toNanos();
        while (!takeLease(session, holder)) {
            if (System.nanoTime() > deadline) {
                throw new SchemaException("the records schema of " + keyspace + " is being migrated by someone else for over "
                        + WAIT_FOR_LEASE.toSeconds() + " s (lease in " + keyspace + ".schema_lock)");
            }
            sleep();
            if (pending(session).isEmpty()) {
                return List.of();
            }
        }
        try {
            List<Integer> applied = new java.util.ArrayList<>();
            for (Migration migration : pending(session)) {
                progress.accept("schema " + keyspace + ": applying " + migration.version() + " (" + migration.description() + ")");
                migration.apply(session, keyspace);
                session.execute(statement("INSERT INTO " + keyspace + ".schema_migrations (version, description, applied_at, applied_by)"
                        + " VALUES (?, ?, ?, ?)", migration.version(), migration.description(), Instant.now(), holder));
                applied.add(migration.version());
            }
            return applied;
        } finally {
            session.execute(statement("DELETE FROM " + keyspace + ".schema_lock WHERE name = 'records' IF holder = ?", holder));
        }
    }

    /**
     * NetworkTopologyStrategy with the configured factor in every datacenter the cluster reports (one locally, one in
     * AWS), so that LOCAL_QUORUM counts the replicas of the client's own datacenter.
     */
    private String replication(CqlSession session) {
        SortedSet<String> datacenters = new TreeSet<>();
        session.getMetadata().getNodes().values().forEach(node -> datacenters.add(node.getDatacenter()));
        StringBuilder cql = new StringBuilder("{'class': 'NetworkTopologyStrategy'");
        datacenters.forEach(datacenter -> cql.append(", '").append(datacenter).append("': ").append(replicationFactor));
        return cql.append('}').toString();
    }

    /**
     * A keyspace made by an older release (SimpleStrategy) moves to NetworkTopologyStrategy when that keeps its
     * factor: the same nodes hold the same rows. A factor that differs from the setting is left alone and reported:
     * new replicas start empty, and until a full repair has filled them a quorum read could miss rows.
     */
    private void convergeStrategy(CqlSession session, String replication, Consumer<String> progress) {
        Map<String, String> current = session.refreshSchema().getKeyspace(keyspace).map(metadata -> metadata.getReplication()).orElse(Map.of());
        String factor = current.get("replication_factor");
        boolean simple = current.getOrDefault("class", "").endsWith(".SimpleStrategy");
        if (simple && Integer.toString(replicationFactor).equals(factor)) {
            progress.accept("schema " + keyspace + ": replication " + current + " becomes " + replication + " (same factor, no data moves)");
            ddl(session, "ALTER KEYSPACE " + keyspace + " WITH replication = " + replication);
        } else if (simple || current.entrySet().stream().anyMatch(entry -> !entry.getKey().equals("class")
                && !entry.getValue().equals(Integer.toString(replicationFactor)))) {
            progress.accept("schema " + keyspace + ": WARNING replication is " + current + ", the setting asks for " + replication
                    + "; left as it is: change it with ALTER KEYSPACE, then run a full repair on every node (docs/reliability.md)");
        }
    }

    /**
     * For a process that uses the schema but does not own it (the cleanup job): fails in one sentence unless the
     * keyspace is at exactly the version this code knows.
     */
    public static void requireCurrent(CqlSession session, String keyspace) {
        boolean versioned = session.getMetadata().getKeyspace(keyspace)
                .flatMap(metadata -> metadata.getTable("schema_migrations")).isPresent();
        int version = versioned ? applied(session, keyspace).stream().mapToInt(Integer::intValue).max().orElse(0) : 0;
        if (version != latest()) {
            throw new SchemaException("the records schema of " + keyspace + " is at version " + version + ", this build needs "
                    + latest() + (version < latest() ? ": start the API once, it migrates the schema" : ": this build is older than the data"));
        }
    }

    /** Steps not applied yet, in order; refuses a keyspace that has steps this code does not know. */
    private List<Migration> pending(CqlSession session) {
        SortedSet<Integer> applied = applied(session, keyspace);
        if (!applied.isEmpty() && applied.last() > latest()) {
            throw new SchemaException("the records schema of " + keyspace + " is at version " + applied.last()
                    + ", newer than this build knows (" + latest() + "): refusing to run an older build on newer data");
        }
        return RecordsSchema.MIGRATIONS.stream().filter(migration -> !applied.contains(migration.version())).toList();
    }

    private static SortedSet<Integer> applied(CqlSession session, String keyspace) {
        SortedSet<Integer> versions = new TreeSet<>();
        for (Row row : session.execute(statement("SELECT version FROM " + keyspace + ".schema_migrations"))) {
            versions.add(row.getInt("version"));
        }
        return versions;
    }

    private boolean takeLease(CqlSession session, String holder) {
        Row row = session.execute(statement("INSERT INTO " + keyspace + ".schema_lock (name, holder) VALUES ('records', ?)"
                + " IF NOT EXISTS USING TTL " + LEASE.toSeconds(), holder)).one();
        return row != null && row.getBoolean("[applied]");
    }

    private static SimpleStatement statement(String cql, Object... values) {
        return SimpleStatement.newInstance(cql, values).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL).setTimeout(QUERY_TIMEOUT);
    }

    /** Runs one schema statement with the time a schema change needs. */
    static void ddl(CqlSession session, String cql) {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
    }

    /** True when the table has the column (Cassandra has no {@code ADD ... IF NOT EXISTS}). */
    static boolean hasColumn(CqlSession session, String keyspace, String table, String column) {
        return session.refreshSchema().getKeyspace(keyspace).flatMap(metadata -> metadata.getTable(table))
                .flatMap(metadata -> metadata.getColumn(CqlIdentifier.fromInternal(column))).isPresent();
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaException("interrupted while waiting to migrate the records schema");
        }
    }

    /** The schema cannot be used or brought up to date; the message says why in one sentence. */
    public static final class SchemaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SchemaException(String message) {
            super(message);
        }
    }
}
