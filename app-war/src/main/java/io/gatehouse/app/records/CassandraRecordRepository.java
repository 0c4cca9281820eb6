package io.gatehouse.app.records;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.gatehouse.app.cassandra.CassandraSession;
import io.gatehouse.app.cassandra.ConditionalWrite;
import io.gatehouse.app.security.TenantMember;
import io.gatehouse.records.schema.Await;
import io.gatehouse.records.schema.MonthBucket;
import io.gatehouse.records.schema.RecordsSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Records in Cassandra. Every request reads or writes single partitions named by (tenant, owner, month);
 * changes are lightweight transactions on the record's version, so two writers cannot both win. Statements
 * are prepared once, on first use (the session connects lazily).
 */
@ApplicationScoped
public class CassandraRecordRepository implements RecordRepository {
    /**
     * How many rows a tag-filtered page may examine per record it returns, so a rare tag cannot cause a long scan.
     * The scan reads ids and tags only (at most 20 tags of 40 characters), then point-reads the matches, so one
     * request reads at most limit whole rows plus limit × 20 rows of tags, never limit × 20 bodies.
     */
    static final int TAG_SCAN_FACTOR = 20;
    private static final String TABLE = RecordsSchema.RECORDS;
    private static final String COLUMNS = "id, owner, title, body, tags, created_at, updated_at, version";
    private static final String PARTITION = "tenant = ? AND owner = ? AND bucket = ?";
    /** The point read behind {@code GET /records/{id}}; the benchmark measures the driver's ceiling with it. */
    public static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + PARTITION + " AND id = ?";

    private final CassandraSession cassandra;
    private volatile Statements statements;

    @Inject
    public CassandraRecordRepository(CassandraSession cassandra) {
        this.cassandra = cassandra;
    }

    /** For CDI's proxy only. */
    protected CassandraRecordRepository() {
        this.cassandra = null;
    }

    private record Statements(PreparedStatement insertBucket, PreparedStatement insert, PreparedStatement select,
                              PreparedStatement buckets, PreparedStatement page, PreparedStatement pageAfter,
                              PreparedStatement tags, PreparedStatement tagsAfter,
                              PreparedStatement update, PreparedStatement delete, PreparedStatement owners) {

        static Statements prepare(CqlSession session) {
            return new Statements(
                    session.prepare("INSERT INTO " + RecordsSchema.BUCKETS + " (tenant, owner, bucket, owner_name) VALUES (?, ?, ?, ?)"),
                    session.prepare("INSERT INTO " + TABLE + " (tenant, owner, bucket, id, title, body, tags, created_at, updated_at, version)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS"),
                    session.prepare(SELECT_ONE),
                    session.prepare("SELECT bucket FROM " + RecordsSchema.BUCKETS + " WHERE tenant = ? AND owner = ?"),
                    session.prepare("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + PARTITION + " LIMIT ?"),
                    session.prepare("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + PARTITION + " AND id < ? LIMIT ?"),
                    session.prepare("SELECT id, tags FROM " + TABLE + " WHERE " + PARTITION + " LIMIT ?"),
                    session.prepare("SELECT id, tags FROM " + TABLE + " WHERE " + PARTITION + " AND id < ? LIMIT ?"),
                    // Every column is written, created_at too (it is the id's time): the cleanup job deletes archived
                    // partitions as of the newest write it archived, so an edit racing it keeps a whole row.
                    session.prepare("UPDATE " + TABLE + " SET title = ?, body = ?, tags = ?, created_at = ?, updated_at = ?, version = ? WHERE "
                            + PARTITION + " AND id = ? IF version = ?"),
                    session.prepare("DELETE FROM " + TABLE + " WHERE " + PARTITION + " AND id = ? IF version = ?"),
                    // One row per owner from the tenant's bucket index: a single partition read, no scan.
                    session.prepare("SELECT owner, max(owner_name) AS owner_name FROM " + RecordsSchema.BUCKETS
                            + " WHERE tenant = ? GROUP BY tenant, owner LIMIT ?"));
        }
    }

    @Override
    public Record create(TenantMember owner, RecordInput input) {
        UUID id = Uuids.timeBased();
        Instant now = Instant.ofEpochMilli(Uuids.unixTimestamp(id));
        String bucket = MonthBucket.of(id);
        Statements s = statements();
        // The bucket first: a crash in between leaves an empty bucket entry, never a record that listing misses.
        cassandra.get().execute(s.insertBucket().bind(owner.tenant(), owner.subject(), bucket, owner.username()).setIdempotent(true));
        Record record = new Record(id, owner.subject(), input.title(), input.body(), input.tagsOrEmpty(), now, now, 1);
        // The id is this call's own time-based UUID: a refusal after a try whose outcome was unknown is that try's row.
        ConditionalWrite.Outcome outcome = ConditionalWrite.execute(cassandra.get()::execute, s.insert().bind(owner.tenant(), owner.subject(),
                bucket, id, record.title(), record.body(), record.tags(), now, now, record.version()), refused -> true);
        if (!outcome.applied()) {
            throw new IllegalStateException("record id " + id + " was taken before it was written");
        }
        return record;
    }

    @Override
    public Optional<Record> find(TenantMember owner, UUID id) {
        if (id.version() != 1) {
            return Optional.empty();
        }
        return read(selectOne(owner, id));
    }

    /** The row as the last committed lightweight transaction left it. */
    private Optional<Record> serialRead(TenantMember owner, UUID id) {
        return read(selectOne(owner, id).setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
    }

    private BoundStatement selectOne(TenantMember owner, UUID id) {
        return statements().select().bind(owner.tenant(), owner.subject(), MonthBucket.of(id), id).setIdempotent(true);
    }

    private Optional<Record> read(BoundStatement select) {
        return Optional.ofNullable(cassandra.get().execute(select).one()).map(CassandraRecordRepository::toRecord);
    }

    @Override
    public Page list(TenantMember owner, Cursor after, String tag, int limit) {
        return tag == null ? newest(owner, after, limit) : tagged(owner, after, tag, limit);
    }

    private Page newest(TenantMember owner, Cursor after, int limit) {
        Statements s = statements();
        List<Record> items = new ArrayList<>();
        for (String bucket : bucketsFrom(owner, after)) {
            for (Row row : cassandra.get().execute(bind(s.page(), s.pageAfter(), owner, bucket, after, limit - items.size()))) {
                items.add(toRecord(row));
            }
            if (items.size() == limit) {
                return new Page(items, new Cursor(items.get(limit - 1).id()));
            }
        }
        return new Page(items, null);
    }

    /** Ids and tags first, within the scan budget; then the matching rows, read by key. */
    private Page tagged(TenantMember owner, Cursor after, String tag, int limit) {
        Statements s = statements();
        int budget = limit * TAG_SCAN_FACTOR;
        int examined = 0;
        UUID lastExamined = null;
        List<UUID> matches = new ArrayList<>();
        for (String bucket : bucketsFrom(owner, after)) {
            for (Row row : cassandra.get().execute(bind(s.tags(), s.tagsAfter(), owner, bucket, after, budget - examined))) {
                examined++;
                lastExamined = row.getUuid("id");
                Set<String> tags = row.getSet("tags", String.class);
                if (tags != null && tags.contains(tag)) {
                    matches.add(lastExamined);
                    if (matches.size() == limit) {
                        break;
                    }
                }
            }
            if (matches.size() == limit || examined >= budget) {
                return new Page(read(owner, matches), new Cursor(lastExamined));
            }
        }
        return new Page(read(owner, matches), null);
    }

    /** The records with these ids, in this order, read concurrently; one deleted meanwhile is left out. */
    private List<Record> read(TenantMember owner, List<UUID> ids) {
        CqlSession session = cassandra.get();
        PreparedStatement select = statements().select();
        List<CompletableFuture<? extends AsyncResultSet>> reads = new ArrayList<>();
        for (UUID id : ids) {
            reads.add(session.executeAsync(select.bind(owner.tenant(), owner.subject(), MonthBucket.of(id), id).setIdempotent(true)).toCompletableFuture());
        }
        List<Record> records = new ArrayList<>();
        for (CompletableFuture<? extends AsyncResultSet> read : reads) {
            Row row = Await.result(read).one();
            if (row != null) {
                records.add(toRecord(row));
            }
        }
        return records;
    }

    /** The owner's month buckets, newest first, from the cursor's month on. */
    private List<String> bucketsFrom(TenantMember owner, Cursor after) {
        String startBucket = after == null ? null : MonthBucket.of(after.after());
        List<String> buckets = new ArrayList<>();
        for (Row row : cassandra.get().execute(statements().buckets().bind(owner.tenant(), owner.subject()).setIdempotent(true))) {
            String bucket = row.getString("bucket");
            if (startBucket == null || bucket.compareTo(startBucket) <= 0) {
                buckets.add(bucket);
            }
        }
        return buckets;
    }

    private static BoundStatement bind(PreparedStatement first, PreparedStatement continued, TenantMember owner, String bucket,
                                       Cursor after, int limit) {
        BoundStatement statement = after != null && bucket.equals(MonthBucket.of(after.after()))
                ? continued.bind(owner.tenant(), owner.subject(), bucket, after.after(), limit)
                : first.bind(owner.tenant(), owner.subject(), bucket, limit);
        return statement.setIdempotent(true);
    }

    @Override
    public List<Owner> owners(String tenant, int limit) {
        List<Owner> owners = new ArrayList<>();
        for (Row row : cassandra.get().execute(statements().owners().bind(tenant, limit).setIdempotent(true))) {
            owners.add(new Owner(row.getString("owner"), row.getString("owner_name")));
        }
        return owners;
    }

    @Override
    public Change update(TenantMember owner, UUID id, int expectedVersion, RecordInput input) {
        if (id.version() != 1) {
            return new Change(Change.Outcome.NOT_FOUND, null);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // as Cassandra keeps it, to compare with what it reads back
        int version = expectedVersion + 1;
        // Refused after a try whose outcome was unknown: that try applied if the row is at the next version with this
        // call's own time of change (read at serial consistency, so it sees every committed round).
        ConditionalWrite.Outcome outcome = ConditionalWrite.execute(cassandra.get()::execute, statements().update().bind(input.title(), input.body(),
                        input.tagsOrEmpty(), Instant.ofEpochMilli(Uuids.unixTimestamp(id)), now, version, owner.tenant(), owner.subject(), MonthBucket.of(id), id, expectedVersion),
                refused -> refusal(refused) == Change.Outcome.STALE && refused.getInt("version") == version
                        && now.equals(serialRead(owner, id).map(Record::updatedAt).orElse(null)));
        if (!outcome.applied()) {
            return new Change(refusal(outcome.current()), null);
        }
        // The bucket entry again, newer than this edit's row: should the cleanup job be archiving this month right
        // now, its deletes (as of the newest write it archived) leave both the edited row and its bucket in place.
        cassandra.get().execute(statements().insertBucket().bind(owner.tenant(), owner.subject(), MonthBucket.of(id), owner.username()).setIdempotent(true));
        return find(owner, id).map(record -> new Change(Change.Outcome.DONE, record))
                .orElse(new Change(Change.Outcome.NOT_FOUND, null));
    }

    @Override
    public Change delete(TenantMember owner, UUID id, int expectedVersion) {
        if (id.version() != 1) {
            return new Change(Change.Outcome.NOT_FOUND, null);
        }
        // Refused after a try whose outcome was unknown: that try applied if the row is gone.
        ConditionalWrite.Outcome outcome = ConditionalWrite.execute(cassandra.get()::execute,
                statements().delete().bind(owner.tenant(), owner.subject(), MonthBucket.of(id), id, expectedVersion),
                refused -> refusal(refused) == Change.Outcome.NOT_FOUND);
        return new Change(outcome.applied() ? Change.Outcome.DONE : refusal(outcome.current()), null);
    }

    /** A refused conditional write returns the current version, or none when the row does not exist. */
    private static Change.Outcome refusal(Row row) {
        return row != null && row.getColumnDefinitions().contains("version") && !row.isNull("version")
                ? Change.Outcome.STALE : Change.Outcome.NOT_FOUND;
    }

    private Statements statements() {
        Statements prepared = statements;
        if (prepared == null) {
            prepared = Statements.prepare(cassandra.get());
            statements = prepared;
        }
        return prepared;
    }

    private static Record toRecord(Row row) {
        Set<String> tags = row.getSet("tags", String.class);
        return new Record(row.getUuid("id"), row.getString("owner"), row.getString("title"), row.getString("body"),
                tags == null ? Set.of() : tags, row.getInstant("created_at"), row.getInstant("updated_at"), row.getInt("version"));
    }
}
