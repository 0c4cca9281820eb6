package io.gatehouse.app.records;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.gatehouse.app.cassandra.CassandraSession;
import io.gatehouse.app.cassandra.Schema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Records in Cassandra; statements are prepared once, on first use, and reads are marked idempotent. */
@ApplicationScoped
public class CassandraRecordRepository {
    private final CassandraSession cassandra;
    private volatile PreparedStatement newestInBucket;

    @Inject
    public CassandraRecordRepository(CassandraSession cassandra) {
        this.cassandra = cassandra;
    }

    /** For CDI's proxy only. */
    protected CassandraRecordRepository() {
        this.cassandra = null;
    }

    public record RecordSummary(String id, String title, Set<String> tags, Instant createdAt, Instant updatedAt) {
    }

    /** The newest records of one owner in one month bucket: a single-partition read. */
    public List<RecordSummary> newest(String tenant, String owner, String bucket, int limit) {
        List<RecordSummary> records = new ArrayList<>();
        for (Row row : cassandra.get().execute(statement().bind(tenant, owner, bucket, limit).setIdempotent(true))) {
            records.add(new RecordSummary(row.getUuid("id").toString(), row.getString("title"),
                    row.getSet("tags", String.class), row.getInstant("created_at"), row.getInstant("updated_at")));
        }
        return records;
    }

    private PreparedStatement statement() {
        PreparedStatement prepared = newestInBucket;
        if (prepared == null) {
            prepared = cassandra.get().prepare("SELECT id, title, tags, created_at, updated_at FROM " + Schema.KEYSPACE
                    + ".records_by_owner WHERE tenant = ? AND owner = ? AND bucket = ? LIMIT ?");
            newestInBucket = prepared;
        }
        return prepared;
    }
}
