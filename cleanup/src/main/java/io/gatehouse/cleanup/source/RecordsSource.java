package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.records.schema.MonthBucket;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.records.schema.SchemaMigrations;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Records in Cassandra: a batch is one tenant's month, that is the (tenant, owner, month) partitions of every owner
 * of the tenant for a month that lies wholly before the tenant's retention period. Rows are archived as the JSON
 * {@code INSERT ... JSON} takes ({@link RowJson}), parsed back field by field on restore, so restore puts them back exactly, and each partition is
 * deleted whole, as of the newest write archived from it ({@code USING TIMESTAMP}): an edit that lands while the job
 * runs is newer, survives with its bucket entry (the API rewrites both), and is archived by the next run.
 */
public final class RecordsSource implements Source {
    public static final String NAME = "records";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE_SIZE = 5000;
    private static final int RESTORE_IN_FLIGHT = 64;
    private static final int PARTITIONS_AHEAD = 4;
    private static final int PARTITIONS_IN_FLIGHT = 16;
    /** How far the API's clocks may run ahead of this job's when the manifest's date bounds its delete timestamps. */
    private static final long CLOCK_SKEW_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final CqlSession session;
    private final int defaultRetentionDays;
    private final Duration leaseTtl;
    private final List<String> columns;
    private final int tenantColumn;
    private final int ownerColumn;
    private final int bucketColumn;
    private final int idColumn;
    private final RowJson json;
    private final PreparedStatement tenants;
    private final PreparedStatement retention;
    private final PreparedStatement buckets;
    private final PreparedStatement rows;
    private final PreparedStatement deletePartition;
    private final PreparedStatement deleteBucket;
    private final PreparedStatement deleteEmptyBucket;
    private final PreparedStatement restoreRow;
    private final PreparedStatement restoreBucket;

    /**
     * @param leaseTtl how long a crashed run's lease blocks the next one; the holder renews it a third of the way
     */
    public RecordsSource(CqlSession session, int defaultRetentionDays, Duration leaseTtl) {
        this.session = session;
        this.defaultRetentionDays = defaultRetentionDays;
        this.leaseTtl = leaseTtl;
        // The API owns the schema and migrates it; this job only runs on the version it was built for.
        SchemaMigrations.requireCurrent(session, RecordsSchema.KEYSPACE);
        TableMetadata table = session.getMetadata().getKeyspace(RecordsSchema.KEYSPACE)
                .flatMap(keyspace -> keyspace.getTable(RecordsSchema.RECORDS.substring(RecordsSchema.KEYSPACE.length() + 1)))
                .orElseThrow();
        this.columns = table.getColumns().keySet().stream().map(CqlIdentifier::asInternal).toList();
        this.tenantColumn = columns.indexOf("tenant");
        this.ownerColumn = columns.indexOf("owner");
        this.bucketColumn = columns.indexOf("bucket");
        this.idColumn = columns.indexOf("id");
        this.json = new RowJson(columns, table.getColumns().values().stream().map(ColumnMetadata::getType).toList());
        this.tenants = session.prepare("SELECT DISTINCT tenant FROM " + RecordsSchema.BUCKETS
                + " WHERE token(tenant) > ? AND token(tenant) <= ?");
        this.retention = session.prepare("SELECT retention_days FROM " + RecordsSchema.TENANT_SETTINGS + " WHERE tenant = ?");
        this.buckets = session.prepare("SELECT owner, bucket FROM " + RecordsSchema.BUCKETS + " WHERE tenant = ?");
        this.rows = session.prepare("SELECT " + columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "))
                + ", writetime(" + RecordsSchema.CHANGED_BY_EVERY_WRITE + ") FROM " + RecordsSchema.RECORDS
                + " WHERE tenant = ? AND owner = ? AND bucket = ?");
        this.deletePartition = session.prepare("DELETE FROM " + RecordsSchema.RECORDS
                + " USING TIMESTAMP ? WHERE tenant = ? AND owner = ? AND bucket = ?");
        this.deleteBucket = session.prepare("DELETE FROM " + RecordsSchema.BUCKETS + " USING TIMESTAMP ? WHERE tenant = ? AND owner = ? AND bucket = ?");
        this.deleteEmptyBucket = session.prepare("DELETE FROM " + RecordsSchema.BUCKETS + " WHERE tenant = ? AND owner = ? AND bucket = ?");
        this.restoreRow = session.prepare("INSERT INTO " + RecordsSchema.RECORDS + " (" + columns.stream().map(c -> "\"" + c + "\"")
                .collect(Collectors.joining(", ")) + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") IF NOT EXISTS");
        this.restoreBucket = session.prepare("INSERT INTO " + RecordsSchema.BUCKETS + " (tenant, owner, bucket) VALUES (?, ?, ?)");
    }

    /** Waits for an asynchronous statement, with the driver's own exception rather than a wrapper. */
    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Lease lease(String holder) {
        return CassandraLease.take(session, NAME, holder, leaseTtl);
    }

    /** One lease per shard, so that tasks splitting the ring run side by side. */
    public Lease lease(String holder, Shard shard) {
        return CassandraLease.take(session, NAME + (shard.count() == 1 ? "" : "#" + shard), holder, leaseTtl);
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
            ownersByMonth.forEach((month, owners) -> each.accept(new MonthOfTenant(tenant, month, owners)));
        }
    }

    /** The oldest month with a day inside the retention period (or the run's minimum age, if longer). */
    private YearMonth firstMonthKept(String tenant, Selection selection) {
        Row row = session.execute(retention.bind(tenant).setIdempotent(true)).one();
        long days = row == null || row.isNull(0) ? defaultRetentionDays : row.getInt(0);
        if (selection.olderThan().isPresent()) {
            days = Math.max(days, selection.olderThan().get().toDays());
        }
        LocalDate firstDayKept = selection.now().atZone(ZoneOffset.UTC).toLocalDate().minusDays(days);
        return YearMonth.from(firstDayKept);
    }

    @Override
    public Batch batch(String key) {
        String[] parts = key.split("/");
        if (parts.length != 3 || !parts[0].equals(NAME)) {
            throw new IllegalArgumentException("not a records batch: " + key);
        }
        return new MonthOfTenant(URLDecoder.decode(parts[1], StandardCharsets.UTF_8), parts[2], List.of());
    }

    private final class MonthOfTenant implements Batch {
        private final String tenant;
        private final String month;
        private final List<String> owners;

        MonthOfTenant(String tenant, String month, List<String> owners) {
            this.tenant = tenant;
            this.month = month;
            this.owners = owners;
        }

        @Override
        public String key() {
            return NAME + "/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "/" + month;
        }

        @Override
        public ObjectNode read(RowSink sink) throws IOException {
            ObjectNode scope = JSON.createObjectNode();
            ArrayNode partitions = scope.putArray("partitions");
            StringBuilder line = new StringBuilder(512);
            // The next partitions' first pages are already on their way while this one is written out.
            Deque<CompletionStage<AsyncResultSet>> ahead = new ArrayDeque<>();
            int requested = 0;
            for (String owner : owners) {
                while (ahead.size() < PARTITIONS_AHEAD && requested < owners.size()) {
                    ahead.add(session.executeAsync(rows.bind(tenant, owners.get(requested++), month).setPageSize(PAGE_SIZE).setIdempotent(true)));
                }
                AsyncResultSet page = await(ahead.poll());
                long newestWrite = Long.MIN_VALUE;
                long count = 0;
                while (true) {
                    for (Row row : page.currentPage()) {
                        line.setLength(0);
                        json.append(row, line);
                        sink.accept(line.toString());
                        newestWrite = Math.max(newestWrite, row.getLong(columns.size()));
                        count++;
                    }
                    if (!page.hasMorePages()) {
                        break;
                    }
                    page = await(page.fetchNextPage());
                }
                partitions.addObject().put("owner", owner).put("rows", count).put("newestWrite", newestWrite);
            }
            return scope;
        }

        @Override
        public long delete(ObjectNode scope, BooleanSupplier leaseHeld) {
            Semaphore inFlight = new Semaphore(PARTITIONS_IN_FLIGHT);
            List<CompletableFuture<?>> pending = new ArrayList<>();
            long deleted = 0;
            for (JsonNode partition : scope.withArray("partitions")) {
                if (!leaseHeld.getAsBoolean()) {
                    throw new IllegalStateException("lost the lease on " + NAME + " while deleting " + key());
                }
                String owner = partition.get("owner").asText();
                long rowCount = partition.get("rows").asLong();
                // As of the newest write archived: an edit made since is newer and keeps its row, and the API writes the
                // bucket entry again after every edit, so the bucket stays too. An empty partition's entry just goes.
                CompletionStage<?> rowsGone = rowCount == 0 ? CompletableFuture.completedFuture(null)
                        : session.executeAsync(deletePartition.bind(partition.get("newestWrite").asLong(), tenant, owner, month).setIdempotent(true));
                inFlight.acquireUninterruptibly();
                pending.add(rowsGone.thenCompose(done -> session.executeAsync(rowCount == 0
                                ? deleteEmptyBucket.bind(tenant, owner, month).setIdempotent(true)
                                : deleteBucket.bind(partition.get("newestWrite").asLong(), tenant, owner, month).setIdempotent(true)))
                        .whenComplete((done, error) -> inFlight.release())
                        .toCompletableFuture());
                deleted += rowCount;
            }
            pending.forEach(RecordsSource::await);
            return deleted;
        }

        @Override
        public void checkScope(ObjectNode scope, long rows, Instant archivedAt) {
            JsonNode partitions = scope.get("partitions");
            if (scope.size() != 1 || partitions == null || !partitions.isArray()) {
                throw refused("its scope is not a list of partitions");
            }
            // A delete timestamp past the archive's date would hide later writes to the partition: refused.
            long latestWrite = TimeUnit.MILLISECONDS.toMicros(archivedAt.toEpochMilli()) + CLOCK_SKEW_MICROS;
            Set<String> owners = new HashSet<>();
            long total = 0;
            for (JsonNode partition : partitions) {
                JsonNode owner = partition.get("owner");
                JsonNode count = partition.get("rows");
                JsonNode newestWrite = partition.get("newestWrite");
                if (!partition.isObject() || partition.size() != 3 || owner == null || !owner.isTextual() || owner.asText().isEmpty()
                        || count == null || !count.canConvertToExactIntegral() || count.asLong() < 0
                        || newestWrite == null || !newestWrite.canConvertToExactIntegral()) {
                    throw refused("its scope has a partition that is not {owner, rows, newestWrite}");
                }
                if (!owners.add(owner.asText())) {
                    throw refused("its scope names owner " + owner.asText() + " twice");
                }
                if (count.asLong() > 0 && (newestWrite.asLong() <= 0 || newestWrite.asLong() > latestWrite)) {
                    throw refused("its scope dates owner " + owner.asText() + "'s rows after the archive was made");
                }
                total += count.asLong();
            }
            if (total != rows) {
                throw refused("its scope covers " + total + " rows, the manifest " + rows);
            }
        }

        private IllegalStateException refused(String why) {
            return new IllegalStateException("the manifest of " + key() + " is refused, nothing deleted: " + why);
        }

        @Override
        public long restore(Iterator<String> lines) {
            Semaphore inFlight = new Semaphore(RESTORE_IN_FLIGHT);
            Set<String> ownersSeen = new HashSet<>();
            List<Throwable> failures = new ArrayList<>();
            long written = 0;
            while (lines.hasNext()) {
                Object[] row = row(lines.next(), written + 1);
                String owner = (String) row[ownerColumn];
                if (ownersSeen.add(owner)) {
                    session.execute(restoreBucket.bind(tenant, owner, month).setIdempotent(true));
                }
                inFlight.acquireUninterruptibly();
                CompletionStage<AsyncResultSet> insert = session.executeAsync(restoreRow.bind(row));
                insert.whenComplete((result, error) -> {
                    if (error != null) {
                        synchronized (failures) {
                            failures.add(error);
                        }
                    }
                    inFlight.release();
                });
                written++;
            }
            inFlight.acquireUninterruptibly(RESTORE_IN_FLIGHT);
            if (!failures.isEmpty()) {
                throw new IllegalStateException("could not restore " + failures.size() + " rows of " + key() + ": "
                        + failures.get(0).getMessage(), failures.get(0));
            }
            return written;
        }

        /**
         * An archived row rebuilt from its parsed fields, refused unless it is a row of this batch: its tenant and month
         * are the batch key's, and its id was made in that month (a row elsewhere would be unreachable or another
         * tenant's). Rows before a refused one are rows of this batch and stay restored.
         */
        private Object[] row(String line, long number) {
            Object[] row;
            try {
                row = json.values(line);
            } catch (IllegalArgumentException e) {
                throw refusedRow(number, e.getMessage());
            }
            Object id = row[idColumn];
            if (!tenant.equals(row[tenantColumn]) || !month.equals(row[bucketColumn])) {
                throw refusedRow(number, "it names tenant " + row[tenantColumn] + " and month " + row[bucketColumn]);
            }
            if (!(id instanceof UUID uuid) || uuid.version() != 1 || !month.equals(MonthBucket.of(uuid))) {
                throw refusedRow(number, "its id " + id + " was not made in " + month);
            }
            if (!(row[ownerColumn] instanceof String owner) || owner.isEmpty()) {
                throw refusedRow(number, "it names no owner");
            }
            row[tenantColumn] = tenant;
            row[bucketColumn] = month;
            return row;
        }

        private IllegalStateException refusedRow(long number, String why) {
            return new IllegalStateException("archived row " + number + " of " + key() + " is refused: " + why);
        }
    }
}
