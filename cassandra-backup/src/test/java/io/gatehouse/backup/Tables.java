package io.gatehouse.backup;

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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The API's tables in the stack's Cassandra: written as the API writes them, read back whole as JSON rows. */
final class Tables implements AutoCloseable {
    /** The tables whose rows the test compares (the migrations' own tables are written again by every fresh start). */
    static final List<String> DATA = List.of(RecordsSchema.RECORDS, RecordsSchema.BUCKETS, RecordsSchema.TENANT_SETTINGS, RecordsSchema.REVOCATIONS);
    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement bucket;
    private final Random random = new Random(7);

    /** Connects and creates the schema, as the API does at its start. */
    static Tables connect(Stack stack) {
        CqlSession session = CqlSession.builder().addContactPoint(stack.server(CassandraServer.class).settings().address())
                .withLocalDatacenter(CassandraSettings.of(stack.config()).datacenter()).build();
        new SchemaMigrations(1).migrate(session, "backup-test", step -> { });
        return new Tables(session);
    }

    private Tables(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO " + RecordsSchema.RECORDS
                + " (tenant, owner, bucket, id, title, body, tags, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.bucket = session.prepare("INSERT INTO " + RecordsSchema.BUCKETS + " (tenant, owner, bucket) VALUES (?, ?, ?)");
    }

    CqlSession session() {
        return session;
    }

    /** {@code count} records of a tenant's owner, with bodies of {@code bodyBytes} random hex (little for compression to take). */
    void write(String tenant, String owner, int count, int bodyBytes) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = Uuids.timeBased();
            Instant now = Instant.ofEpochMilli(Uuids.unixTimestamp(id));
            byte[] body = new byte[bodyBytes / 2];
            random.nextBytes(body);
            if (i == 0) {
                session.execute(bucket.bind(tenant, owner, MonthBucket.of(id)));
            }
            pending.add(session.executeAsync(insert.bind(tenant, owner, MonthBucket.of(id), id, "title " + i + " ✓",
                    HexFormat.of().formatHex(body), Set.of("t" + (i % 3)), now, now, 1)).toCompletableFuture());
            if (pending.size() >= 128) {
                pending.forEach(CompletableFuture::join);
                pending.clear();
            }
        }
        pending.forEach(CompletableFuture::join);
        session.execute("INSERT INTO " + RecordsSchema.TENANT_SETTINGS + " (tenant, retention_days, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                tenant, 30 + count % 7, Instant.now(), "admin of " + tenant);
    }

    /** Every row of every data table as {@code SELECT JSON} text, sorted: equal maps mean equal tables. */
    Map<String, List<String>> rows() {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : DATA) {
            List<String> rows = new ArrayList<>();
            // Records with each row's write time: a restore brings back the cells as they were, not rewritten copies.
            String columns = table.equals(RecordsSchema.RECORDS) ? "tenant, owner, bucket, id, title, body, tags, created_at, updated_at, version, writetime(version) AS written" : "*";
            for (Row row : session.execute("SELECT JSON " + columns + " FROM " + table)) {
                rows.add(row.getString(0));
            }
            rows.sort(null);
            tables.put(table, rows);
        }
        return tables;
    }

    long count(String table) {
        return session.execute("SELECT count(*) FROM " + table).one().getLong(0);
    }

    @Override
    public void close() {
        session.close();
    }
}
