package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.gatehouse.records.schema.MonthBucket;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.records.schema.SchemaMigrations;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Records written the way the API writes them (same schema, bucket rows first), and read back as Cassandra's JSON. */
final class RecordRows implements AutoCloseable {
    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement bucket;

    /** Rows in the stack's Cassandra, through a session of their own (closed with them). */
    static RecordRows connect(Stack stack) {
        return new RecordRows(CqlSession.builder().addContactPoint(stack.server(CassandraServer.class).settings().address())
                .withLocalDatacenter(CassandraSettings.of(stack.config()).datacenter()).build());
    }

    private RecordRows(CqlSession session) {
        this.session = session;
        new SchemaMigrations(1).migrate(session, "test", step -> { });
        this.insert = session.prepare("INSERT INTO " + RecordsSchema.RECORDS
                + " (tenant, owner, bucket, id, title, body, tags, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.bucket = session.prepare("INSERT INTO " + RecordsSchema.BUCKETS + " (tenant, owner, bucket) VALUES (?, ?, ?)");
    }

    /** {@code perOwner} records for each owner in each month, ids spread over the month. */
    void write(String tenant, List<String> owners, List<YearMonth> months, int perOwner) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (YearMonth month : months) {
            long start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            for (String owner : owners) {
                session.execute(bucket.bind(tenant, owner, month.toString()));
                for (int i = 0; i < perOwner; i++) {
                    long millis = start + i * 60_000L + owners.indexOf(owner);
                    UUID id = Uuids.startOf(millis);
                    Instant created = Instant.ofEpochMilli(millis);
                    pending.add(session.executeAsync(insert.bind(tenant, owner, MonthBucket.of(id), id, "title " + i + " ✓",
                            "body of " + owner + " \"quoted\"\nline " + i, Set.of("t" + (i % 3), "all"), created, created, 1 + i % 2))
                            .toCompletableFuture());
                    if (pending.size() >= 256) {
                        pending.forEach(CompletableFuture::join);
                        pending.clear();
                    }
                }
            }
        }
        pending.forEach(CompletableFuture::join);
    }

    /** Every row of the tenant's given months, per partition, as {@code SELECT JSON} text (byte-exact comparison). */
    Map<String, List<String>> snapshot(String tenant, List<String> owners, List<YearMonth> months) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (YearMonth month : months) {
            for (String owner : owners) {
                List<String> partition = new ArrayList<>();
                for (Row row : session.execute("SELECT JSON * FROM " + RecordsSchema.RECORDS + " WHERE tenant = ? AND owner = ? AND bucket = ?",
                        tenant, owner, month.toString())) {
                    partition.add(row.getString(0));
                }
                if (!partition.isEmpty()) {
                    rows.put(owner + "/" + month, partition);
                }
            }
        }
        return rows;
    }

    long count(String tenant, List<String> owners, List<YearMonth> months) {
        return snapshot(tenant, owners, months).values().stream().mapToLong(List::size).sum();
    }

    /** The months the tenant's owners still have bucket entries for. */
    Set<String> buckets(String tenant) {
        Set<String> buckets = new java.util.TreeSet<>();
        for (Row row : session.execute("SELECT owner, bucket FROM " + RecordsSchema.BUCKETS + " WHERE tenant = ?", tenant)) {
            buckets.add(row.getString("owner") + "/" + row.getString("bucket"));
        }
        return buckets;
    }

    CqlSession session() {
        return session;
    }

    /** Removes the owners' rows and bucket entries of the tenant's month, so no later run of another test sees them. */
    void forget(String tenant, List<String> owners, YearMonth month) {
        for (String owner : owners) {
            session.execute("DELETE FROM " + RecordsSchema.RECORDS + " WHERE tenant = ? AND owner = ? AND bucket = ?", tenant, owner, month.toString());
            session.execute("DELETE FROM " + RecordsSchema.BUCKETS + " WHERE tenant = ? AND owner = ? AND bucket = ?", tenant, owner, month.toString());
        }
    }

    @Override
    public void close() {
        session.close();
    }

    void setRetention(String tenant, int days) {
        session.execute("UPDATE " + RecordsSchema.TENANT_SETTINGS + " SET retention_days = ? WHERE tenant = ?", days, tenant);
    }
}
