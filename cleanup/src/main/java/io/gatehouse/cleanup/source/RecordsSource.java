package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.records.schema.SchemaMigrations;
import io.gatehouse.records.schema.TenantRetention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Records in Cassandra: a batch is one tenant's month, that is the (tenant, owner, month) partitions of every owner
 * of the tenant for a month that lies wholly before the tenant's retention period. Rows are archived as the JSON
 * {@code INSERT ... JSON} takes ({@link RowJson}), parsed back field by field on restore, so restore puts them back exactly, and each partition is
 * deleted whole, as of the newest write archived from it ({@code USING TIMESTAMP}): an edit that lands while the job
 * runs is newer, survives with its bucket entry (the API rewrites both), and is archived by the next run.
 */
public final class RecordsSource implements Source {
    public static final String NAME = "records";
    private static final int PAGE_SIZE = RecordsTable.PAGE_SIZE;

    private final CqlSession session;
    private final Duration leaseTtl;
    private final TenantRetention retention;
    private final RecordsTable table;
    private final PreparedStatement tenants;
    private final PreparedStatement buckets;

    /**
     * @param defaultRetentionDays the retention of tenants that set none
     * @param leaseTtl how long a crashed run's lease blocks the next one; the holder renews it a third of the way
     */
    public RecordsSource(CqlSession session, int defaultRetentionDays, Duration leaseTtl) {
        this.session = session;
        this.leaseTtl = leaseTtl;
        // The API owns the schema and migrates it; this job only runs on the version it was built for.
        SchemaMigrations.requireCurrent(session, RecordsSchema.KEYSPACE);
        this.retention = new TenantRetention(session, defaultRetentionDays);
        this.table = RecordsTable.of(session);
        this.tenants = session.prepare("SELECT DISTINCT tenant FROM " + RecordsSchema.BUCKETS
                + " WHERE token(tenant) > ? AND token(tenant) <= ?");
        this.buckets = session.prepare("SELECT owner, bucket FROM " + RecordsSchema.BUCKETS + " WHERE tenant = ?");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** One lease per shard, so that tasks splitting the ring run side by side. */
    @Override
    public Lease lease(String holder, Shard shard) {
        return CassandraLease.take(session, NAME + (shard.count() == 1 ? "" : "#" + shard), holder, leaseTtl);
    }

    /** No default age: a tenant's records go when they are past its retention, and a minimum age only holds more back. */
    @Override
    public Selection select(Instant now, Optional<Duration> olderThan, Optional<String> tenant, Shard shard) {
        return new Selection(now, olderThan, tenant, shard);
    }

    @Override
    public void eligibleBatches(Selection selection, Consumer<Batch> each) {
        List<String> tenantsInShard = new ArrayList<>();
        if (selection.tenant().isPresent()) {
            tenantsInShard.add(selection.tenant().get());
        } else {
            for (Row row : session.execute(tenants.bind(selection.shard().startExclusive(), selection.shard().endInclusive())
                    .setPageSize(PAGE_SIZE).setIdempotent(true))) {
                tenantsInShard.add(row.getString(0));
            }
            tenantsInShard.sort(null);
        }
        for (String tenant : tenantsInShard) {
            YearMonth firstKept = firstMonthKept(tenant, selection);
            Map<String, List<String>> ownersByMonth = new TreeMap<>();
            for (Row row : session.execute(buckets.bind(tenant).setPageSize(PAGE_SIZE).setIdempotent(true))) {
                String month = row.getString("bucket");
                if (YearMonth.parse(month).isBefore(firstKept)) {
                    ownersByMonth.computeIfAbsent(month, m -> new ArrayList<>()).add(row.getString("owner"));
                }
            }
            ownersByMonth.forEach((month, owners) -> each.accept(new TenantMonth(table, tenant, month, owners)));
        }
    }

    /** The oldest month with a day inside the retention period (or the run's minimum age, if longer). */
    private YearMonth firstMonthKept(String tenant, Selection selection) {
        long days = retention.days(tenant);
        if (selection.olderThan().isPresent()) {
            days = Math.max(days, selection.olderThan().get().toDays());
        }
        LocalDate firstDayKept = selection.now().atZone(ZoneOffset.UTC).toLocalDate().minusDays(days);
        return YearMonth.from(firstDayKept);
    }

    @Override
    public Batch batch(BatchKey key) {
        try {
            YearMonth.parse(key.of(NAME).period());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a records batch: " + key);
        }
        return new TenantMonth(table, key.owner(), key.period(), List.of());
    }
}
