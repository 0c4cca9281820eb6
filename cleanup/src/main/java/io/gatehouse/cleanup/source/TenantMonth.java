package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.gatehouse.records.schema.Await;
import io.gatehouse.records.schema.MonthBucket;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A {@link RecordsSource} batch: one tenant's month, the (tenant, owner, month) partitions of its owners. */
final class TenantMonth implements Batch {
    private static final int PAGE_SIZE = RecordsTable.PAGE_SIZE;
    private static final int RESTORE_IN_FLIGHT = 64;
    private static final int PARTITIONS_AHEAD = 4;
    private static final int PARTITIONS_IN_FLIGHT = 16;
    /** How far the API's clocks may run ahead of this job's when the manifest's date bounds its delete timestamps. */
    private static final long CLOCK_SKEW_MICROS = TimeUnit.MINUTES.toMicros(5);
    private final RecordsTable table;
    private final String tenant;
    private final String month;
    private final List<String> owners;

    TenantMonth(RecordsTable table, String tenant, String month, List<String> owners) {
        this.table = table;
        this.tenant = tenant;
        this.month = month;
        this.owners = owners;
    }

    @Override
    public BatchKey key() {
        return new BatchKey(RecordsSource.NAME, tenant, month);
    }

    @Override
    public Scope read(RowSink sink) throws IOException {
        List<Scope.Partitions.Partition> partitions = new ArrayList<>();
        JsonLine line = new JsonLine();
        // The next partitions' first pages are already on their way while this one is written out.
        Deque<CompletionStage<AsyncResultSet>> ahead = new ArrayDeque<>();
        int requested = 0;
        for (String owner : owners) {
            while (ahead.size() < PARTITIONS_AHEAD && requested < owners.size()) {
                ahead.add(table.session().executeAsync(table.rows().bind(tenant, owners.get(requested++), month).setPageSize(PAGE_SIZE).setIdempotent(true)));
            }
            AsyncResultSet page = Await.result(ahead.poll());
            long newestWrite = Long.MIN_VALUE;
            long count = 0;
            while (true) {
                for (Row row : page.currentPage()) {
                    line.clear();
                    table.json().append(row, line);
                    sink.accept(line.bytes(), line.length());
                    newestWrite = Math.max(newestWrite, row.getLong(table.columns().size()));
                    count++;
                }
                if (!page.hasMorePages()) {
                    break;
                }
                page = Await.result(page.fetchNextPage());
            }
            partitions.add(new Scope.Partitions.Partition(owner, count, newestWrite));
        }
        return new Scope.Partitions(partitions);
    }

    @Override
    public long delete(Scope scope, BooleanSupplier leaseHeld) {
        Semaphore inFlight = new Semaphore(PARTITIONS_IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long deleted = 0;
        for (Scope.Partitions.Partition partition : partitions(scope)) {
            if (!leaseHeld.getAsBoolean()) {
                throw new IllegalStateException("lost the lease on " + RecordsSource.NAME + " while deleting " + key());
            }
            String owner = partition.owner();
            long rowCount = partition.rows();
            // As of the newest write archived: an edit made since is newer and keeps its row, and the API writes the
            // bucket entry again after every edit, so the bucket stays too. An empty partition's entry just goes.
            CompletionStage<?> rowsGone = rowCount == 0 ? CompletableFuture.completedFuture(null)
                    : table.session().executeAsync(table.deletePartition().bind(partition.newestWrite(), tenant, owner, month).setIdempotent(true));
            inFlight.acquireUninterruptibly();
            pending.add(rowsGone.thenCompose(done -> table.session().executeAsync(rowCount == 0
                            ? table.deleteEmptyBucket().bind(tenant, owner, month).setIdempotent(true)
                            : table.deleteBucket().bind(partition.newestWrite(), tenant, owner, month).setIdempotent(true)))
                    .whenComplete((done, error) -> inFlight.release())
                    .toCompletableFuture());
            deleted += rowCount;
        }
        pending.forEach(Await::result);
        return deleted;
    }

    @Override
    public void checkScope(Scope scope, long rows, Instant archivedAt) {
        // A delete timestamp past the archive's date would hide later writes to the partition: refused.
        long latestWrite = TimeUnit.MILLISECONDS.toMicros(archivedAt.toEpochMilli()) + CLOCK_SKEW_MICROS;
        Set<String> owners = new HashSet<>();
        long total = 0;
        for (Scope.Partitions.Partition partition : partitions(scope)) {
            if (partition.owner() == null || partition.owner().isEmpty() || partition.rows() < 0) {
                throw refused("its scope has a partition that is not {owner, rows, newestWrite}");
            }
            if (!owners.add(partition.owner())) {
                throw refused("its scope names owner " + partition.owner() + " twice");
            }
            if (partition.rows() > 0 && (partition.newestWrite() <= 0 || partition.newestWrite() > latestWrite)) {
                throw refused("its scope dates owner " + partition.owner() + "'s rows after the archive was made");
            }
            total += partition.rows();
        }
        if (total != rows) {
            throw refused("its scope covers " + total + " rows, the manifest " + rows);
        }
    }

    private List<Scope.Partitions.Partition> partitions(Scope scope) {
        if (!(scope instanceof Scope.Partitions partitions) || partitions.partitions() == null) {
            throw refused("its scope is not a list of partitions");
        }
        return partitions.partitions();
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
            String owner = (String) row[table.ownerColumn()];
            if (ownersSeen.add(owner)) {
                table.session().execute(table.restoreBucket().bind(tenant, owner, month).setIdempotent(true));
            }
            inFlight.acquireUninterruptibly();
            CompletionStage<AsyncResultSet> insert = table.session().executeAsync(table.restoreRow().bind(row));
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
            row = table.json().values(line);
        } catch (IllegalArgumentException e) {
            throw refusedRow(number, e.getMessage());
        }
        Object id = row[table.idColumn()];
        if (!tenant.equals(row[table.tenantColumn()]) || !month.equals(row[table.bucketColumn()])) {
            throw refusedRow(number, "it names tenant " + row[table.tenantColumn()] + " and month " + row[table.bucketColumn()]);
        }
        if (!(id instanceof UUID uuid) || uuid.version() != 1 || !month.equals(MonthBucket.of(uuid))) {
            throw refusedRow(number, "its id " + id + " was not made in " + month);
        }
        if (!(row[table.ownerColumn()] instanceof String owner) || owner.isEmpty()) {
            throw refusedRow(number, "it names no owner");
        }
        row[table.tenantColumn()] = tenant;
        row[table.bucketColumn()] = month;
        return row;
    }

    private IllegalStateException refusedRow(long number, String why) {
        return new IllegalStateException("archived row " + number + " of " + key() + " is refused: " + why);
    }
}
