package io.gatehouse.cleanup;

import io.gatehouse.cleanup.archive.ArchiveStore;
import io.gatehouse.cleanup.archive.Archiver;
import io.gatehouse.cleanup.archive.Recovery;
import io.gatehouse.cleanup.report.JsonLog;
import io.gatehouse.cleanup.report.Metrics;
import io.gatehouse.cleanup.report.Progress;
import io.gatehouse.cleanup.report.Totals;
import io.gatehouse.cleanup.source.Lease;
import io.gatehouse.cleanup.source.LeaseUnavailableException;
import io.gatehouse.cleanup.source.Selection;
import io.gatehouse.cleanup.source.Shard;
import io.gatehouse.cleanup.source.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"Archives rows older than their retention to S3, verifies the objects, then deletes the rows.",
                "Records go once their whole month is older than the tenant's retention (set by its admins, else the default);",
                "Keycloak events once their whole day is older than --older-than. A crashed or repeated run loses nothing and archives nothing twice."})
final class ArchiveCommand implements Callable<Integer> {
    @Mixin
    Connections connections;

    @Option(names = "--source", split = ",", paramLabel = "NAME",
            description = "records, keycloak-events, keycloak-admin-events (default: all)")
    List<String> sources;

    @Option(names = "--older-than", paramLabel = "AGE",
            description = "minimum age, e.g. 90d; records never go before their tenant's retention (default: 7d for events)")
    String olderThan;

    @Option(names = "--tenant", description = "only this tenant's records")
    String tenant;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "1/1",
            description = "only shard i of n of the tenants (Cassandra token ranges), for parallel tasks (default ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--dry-run", description = "count what would be archived; write and delete nothing")
    boolean dryRun;

    @Option(names = "--parallelism", defaultValue = "2", description = "batches archived at once (default ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--part-size-mb", defaultValue = "64", description = "compressed size at which a new part object starts (default ${DEFAULT-VALUE})")
    double partSizeMb;

    @Override
    public Integer call() {
        List<String> names = Sources.parse(this.sources);
        Optional<Duration> minimumAge = Optional.ofNullable(olderThan).map(Durations::parse);
        if (minimumAge.isPresent() && minimumAge.get().compareTo(Duration.ofDays(1)) < 0) {
            throw new Usage("--older-than must be at least 1d (events of the current day are still being written)");
        }
        if (parallelism < 1 || parallelism > 64 || partSizeMb <= 0) {
            throw new Usage("--parallelism must be 1 to 64 and --part-size-mb above 0");
        }
        Shard slice = parseShard();
        JsonLog log = new JsonLog(System.out);
        ArchiveStore store = connections.archiveStore();
        Archiver archiver = new Archiver(store, connections.scratch, (long) (partSizeMb * 1024 * 1024), log);
        Recovery recovery = new Recovery(store, log);
        String holder = holder();
        Instant now = Instant.now();
        int failedSources = 0;
        int failedBatches = 0;
        long archived = 0;
        try (Sources all = new Sources(connections)) {
            for (String name : names) {
                Source source = all.get(name);
                Selection selection = source.select(now, minimumAge, Optional.ofNullable(tenant), slice);
                Totals totals = new Totals(name);
                try (Lease lease = source.lease(holder, slice);
                     Progress progress = Progress.show(totals, System.err, System.console() != null)) {
                    log.info("source-started", "source", name, "dryRun", dryRun, "holder", holder);
                    if (dryRun) {
                        countOnly(source, selection, totals, log);
                    } else {
                        Set<String> stuck = recovery.resume(source, lease, totals);
                        archiveAll(source, selection, lease, archiver, totals, log, stuck);
                    }
                } catch (LeaseUnavailableException e) {
                    log.warn("source-skipped", "source", name, "reason", e.getMessage());
                    System.err.println("gatehouse-cleanup: " + name + ": skipped, " + e.getMessage());
                    continue;
                } catch (RuntimeException e) {
                    failedSources++;
                    log.error("source-failed", "source", name, "error", CleanupCli.oneLine(e));
                    System.err.println("gatehouse-cleanup: " + name + ": " + CleanupCli.oneLine(e));
                }
                failedBatches += totals.failedBatches.get();
                archived += totals.batches.get() + totals.resumed.get();
                if (!dryRun) {
                    log.raw(Metrics.of("archive", totals));
                }
                System.err.printf(Locale.ROOT, "%s: %s %d batches, %,d rows (%.1f MB) in %.1f s (%,d rows/s); %,d deleted, %d resumed, %d failed%n",
                        name, dryRun ? "would archive" : "archived", totals.batches.get(), totals.rows.get(), totals.bytes.get() / 1e6,
                        totals.seconds(), totals.rowsPerSecond(), totals.deleted.get(), totals.resumed.get(), totals.failedBatches.get());
            }
        }
        return exitCode(failedSources, failedBatches, archived);
    }

    /**
     * A source that failed as a whole (unreachable, the lease lost) fails the run unless something else was done; batches
     * that failed or were left alone (a pending generation that fails verification) make it a partial failure.
     */
    static int exitCode(int failedSources, int failedBatches, long archived) {
        if (failedSources > 0 && failedBatches == 0 && archived == 0) {
            return ExitCodes.FAILURE;
        }
        if (failedSources + failedBatches > 0) {
            return ExitCodes.PARTIAL_FAILURE;
        }
        return archived > 0 ? ExitCodes.SUCCESS : ExitCodes.NOTHING_TO_DO;
    }

    private Shard parseShard() {
        try {
            return Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
    }

    /** Batches go to a small pool; the source's listing waits while every worker is busy, so memory stays bounded. */
    private void archiveAll(Source source, Selection selection, Lease lease, Archiver archiver, Totals totals, JsonLog log,
                            Set<String> stuck) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        Semaphore slots = new Semaphore(parallelism * 2);
        try {
            source.eligibleBatches(selection, batch -> {
                if (!lease.held()) {
                    throw new IllegalStateException("lost the lease on " + source.name());
                }
                String key = batch.key().toString();
                if (stuck.contains(key)) {
                    // Its pending generation holds these rows already; archiving them again would store them twice.
                    log.warn("batch-skipped", "source", source.name(), "batch", key, "reason", "a pending generation failed verification; see verify");
                    return;
                }
                slots.acquireUninterruptibly();
                pool.execute(() -> {
                    try {
                        archiver.archive(source, batch, lease, totals);
                    } catch (RuntimeException e) {
                        totals.failedBatches.incrementAndGet();
                        log.error("batch-failed", "source", source.name(), "batch", key, "error", CleanupCli.oneLine(e));
                    } finally {
                        slots.release();
                    }
                });
            });
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(7, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void countOnly(Source source, Selection selection, Totals totals, JsonLog log) {
        source.eligibleBatches(selection, batch -> {
            AtomicLong rows = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            try {
                batch.read((line, length) -> {
                    rows.incrementAndGet();
                    bytes.addAndGet(length);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            totals.rows.addAndGet(rows.get());
            totals.bytes.addAndGet(bytes.get());
            totals.batches.incrementAndGet();
            log.info("would-archive", "source", source.name(), "batch", batch.key().toString(), "rows", rows.get(), "uncompressedBytes", bytes.get());
        });
    }

    private static String holder() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
