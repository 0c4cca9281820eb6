package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cleanup.source.Batch;
import io.gatehouse.cleanup.source.Lease;
import io.gatehouse.cleanup.source.RecordsSource;
import io.gatehouse.cleanup.source.Scope;
import io.gatehouse.cleanup.source.Selection;
import io.gatehouse.cleanup.source.Shard;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The records source end to end: real Cassandra, the real S3 server, the packaged job in its own JVM. */
@WithStack({Component.CASSANDRA, Component.KEYCLOAK, Component.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordsArchiveIT {
    private static final List<String> OWNERS = List.of("owner-a", "owner-b", "owner-c");
    private static final YearMonth NOW = YearMonth.now(ZoneOffset.UTC);
    /** Two months past the default retention (365 days) and one current month. */
    private static final List<YearMonth> OLD = List.of(NOW.minusMonths(25), NOW.minusMonths(14));
    private static final List<YearMonth> CURRENT = List.of(NOW);

    private CqlSession session;
    private RecordRows records;
    private CleanupJob job;
    private ArchiveContents archive;

    @BeforeAll
    void connect(Stack stack) {
        records = RecordRows.connect(stack);
        session = records.session();
        job = new CleanupJob(stack);
        archive = new ArchiveContents(stack);
    }

    @AfterAll
    void close() {
        records.close();
        archive.close();
    }

    private static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void archivesMonthsPastRetentionVerifiesThemAndRestoresThemExactly() {
        String tenant = newTenant();
        records.write(tenant, OWNERS, OLD, 40);
        records.write(tenant, OWNERS, CURRENT, 5);
        Map<String, List<String>> before = records.snapshot(tenant, OWNERS, OLD);

        CleanupJob.Result run = job.run("archive", "--source", "records", "--tenant", tenant);

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(records.count(tenant, OWNERS, OLD)).isZero();
        assertThat(records.count(tenant, OWNERS, CURRENT)).isEqualTo(15);
        assertThat(records.buckets(tenant)).containsExactlyInAnyOrder("owner-a/" + NOW, "owner-b/" + NOW, "owner-c/" + NOW);
        List<JsonNode> manifests = archive.manifests("records/" + tenant + "/");
        assertThat(manifests).hasSize(2).allSatisfy(manifest -> {
            assertThat(manifest.get("rows").asLong()).isEqualTo(120);
            assertThat(manifest.get("storageClass").asText()).isEqualTo("GLACIER_IR");
        });
        assertThat(archive.objects("records/" + tenant + "/")).filteredOn(o -> o.key().endsWith(".ndjson.gz"))
                .isNotEmpty().allSatisfy(part -> assertThat(part.storageClassAsString()).isEqualTo("GLACIER_IR"));
        assertThat(archive.objects("_pending/records/" + tenant)).isEmpty();
        assertThat(sameRows(archive.archivedRows("records/" + tenant + "/"), before)).isTrue();
        JsonNode metrics = run.metrics().get(0);
        assertThat(metrics.get("RowsArchived").asLong()).isEqualTo(240);
        assertThat(metrics.get("BatchesArchived").asLong()).isEqualTo(2);
        assertThat(metrics.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("Gatehouse/Cleanup");
        assertThat(run.stderr()).contains("records: archived 2 batches, 240 rows");

        CleanupJob.Result again = job.run("archive", "--source", "records", "--tenant", tenant);
        assertThat(again.exitCode()).as("a second run has nothing to do").isEqualTo(4);
        assertThat(archive.manifests("records/" + tenant + "/")).hasSize(2);

        CleanupJob.Result verify = job.run("verify", "--source", "records", "--deep");
        assertThat(verify.exitCode()).as(verify.describe()).isZero();

        CleanupJob.Result restore = job.run("restore", "--batch", "records/" + tenant);
        assertThat(restore.exitCode()).as(restore.describe()).isZero();
        assertThat(records.snapshot(tenant, OWNERS, OLD)).isEqualTo(before);
        assertThat(records.buckets(tenant)).hasSize(9);
        CleanupJob.Result restoreAgain = job.run("restore", "--batch", "records/" + tenant);
        assertThat(restoreAgain.exitCode()).isZero();
        assertThat(records.snapshot(tenant, OWNERS, OLD)).as("restore is idempotent").isEqualTo(before);
    }

    @Test
    void aTenantsOwnRetentionDecidesWhichMonthsGo() {
        String shortRetention = newTenant();
        String defaultRetention = newTenant();
        List<YearMonth> twoMonthsAgo = List.of(NOW.minusMonths(2));
        records.write(shortRetention, OWNERS, twoMonthsAgo, 3);
        records.write(defaultRetention, OWNERS, twoMonthsAgo, 3);
        records.setRetention(shortRetention, 30);

        assertThat(job.run("archive", "--source", "records", "--tenant", shortRetention).exitCode()).isZero();
        assertThat(job.run("archive", "--source", "records", "--tenant", defaultRetention).exitCode()).isEqualTo(4);
        CleanupJob.Result longerThanRetention = job.run("archive", "--source", "records", "--tenant", defaultRetention, "--older-than", "30d");

        assertThat(longerThanRetention.exitCode()).as("--older-than never goes below a tenant's retention").isEqualTo(4);
        assertThat(records.count(shortRetention, OWNERS, twoMonthsAgo)).isZero();
        assertThat(records.count(defaultRetention, OWNERS, twoMonthsAgo)).isEqualTo(9);
    }

    /**
     * An owner edits an old record between the job's read and its delete (the API's update: every column, then the
     * bucket entry again): the edit survives whole, keeps its bucket, and the next run archives it; the run after that
     * drops the then empty bucket entry.
     */
    @Test
    void anEditDuringArchivingSurvivesWholeAndIsArchivedNextRun() throws Exception {
        String tenant = newTenant();
        List<YearMonth> month = OLD.subList(0, 1);
        records.write(tenant, List.of("editor"), month, 3);
        RecordsSource source = new RecordsSource(session, 365, Duration.ofSeconds(30));
        Batch[] found = new Batch[1];
        source.eligibleBatches(new Selection(Instant.now(), Optional.empty(), Optional.of(tenant), Shard.ALL), batch -> found[0] = batch);
        List<String> archived = new ArrayList<>();
        Scope scope = found[0].read((line, length) -> archived.add(new String(line, 0, length, java.nio.charset.StandardCharsets.UTF_8)));
        Row edited = session.execute("SELECT id, created_at FROM " + RecordsSchema.RECORDS + " WHERE tenant = ? AND owner = 'editor' AND bucket = ? LIMIT 1",
                tenant, month.get(0).toString()).one();
        assertThat(session.execute("UPDATE " + RecordsSchema.RECORDS + " SET title = 'edited', body = 'new', tags = {}, created_at = ?, updated_at = ?,"
                        + " version = 9 WHERE tenant = ? AND owner = 'editor' AND bucket = ? AND id = ? IF version = ?",
                edited.getInstant("created_at"), Instant.now(), tenant, month.get(0).toString(), edited.getUuid("id"),
                session.execute("SELECT version FROM " + RecordsSchema.RECORDS + " WHERE tenant = ? AND owner = 'editor' AND bucket = ? AND id = ?",
                        tenant, month.get(0).toString(), edited.getUuid("id")).one().getInt(0)).wasApplied()).isTrue();
        session.execute("INSERT INTO " + RecordsSchema.BUCKETS + " (tenant, owner, bucket) VALUES (?, 'editor', ?)", tenant, month.get(0).toString());

        found[0].delete(scope, () -> true);

        Map<String, List<String>> left = records.snapshot(tenant, List.of("editor"), month);
        assertThat(left.values()).singleElement().satisfies(rows -> assertThat(rows).singleElement().satisfies(row -> {
            JsonNode survivor = ArchiveContents.parsed(List.of(row)).get(0);
            assertThat(survivor.get("title").asText()).isEqualTo("edited");
            assertThat(survivor.get("version").asInt()).isEqualTo(9);
            assertThat(survivor.get("created_at").isNull()).as("the row is whole").isFalse();
        }));
        assertThat(records.buckets(tenant)).containsExactly("editor/" + month.get(0));
        assertThat(archived).hasSize(3);

        CleanupJob.Result next = job.run("archive", "--source", "records", "--tenant", tenant);
        assertThat(next.exitCode()).as(next.describe()).isZero();
        assertThat(records.count(tenant, List.of("editor"), month)).isZero();
        assertThat(archive.archivedRows("records/" + tenant + "/")).singleElement().satisfies(row -> assertThat(row).contains("\"edited\""));
        // The bucket entry the edit wrote is newer than the edited row, so it outlives that run; the run after removes it.
        assertThat(job.run("archive", "--source", "records", "--tenant", tenant).exitCode()).isZero();
        assertThat(records.buckets(tenant)).isEmpty();
    }

    @Test
    void aDryRunCountsAndChangesNothing() {
        String tenant = newTenant();
        records.write(tenant, OWNERS, OLD, 7);

        CleanupJob.Result run = job.run("archive", "--source", "records", "--tenant", tenant, "--dry-run");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.events("would-archive")).hasSize(2).allSatisfy(event -> assertThat(event.get("rows").asLong()).isEqualTo(21));
        assertThat(run.stderr()).contains("would archive 2 batches, 42 rows");
        assertThat(records.count(tenant, OWNERS, OLD)).isEqualTo(42);
        assertThat(archive.objects("records/" + tenant + "/")).isEmpty();
        assertThat(archive.objects("_pending/records/" + tenant + "/")).isEmpty();
    }

    /**
     * Killed (SIGKILL) right after each step, then run again: every row ends up archived exactly once and gone from
     * Cassandra. The second occurrences: a part of a multipart upload after the first, and a delete after an earlier
     * batch was complete.
     */
    @ParameterizedTest(name = "killed after {0} #{1}")
    @CsvSource({"intent-written,1", "part-uploaded,1", "part-uploaded,2", "manifest-written,1", "verified,1",
            "source-deleted,1", "batch-archived,1", "source-deleted,2"})
    void aCrashAtAnyStepLosesNothingAndArchivesNothingTwice(String step, int occurrence) {
        String tenant = newTenant();
        records.write(tenant, OWNERS, OLD, 150);
        Map<String, List<String>> before = records.snapshot(tenant, OWNERS, OLD);
        String[] options = {"--source", "records", "--tenant", tenant, "--parallelism", "1", "--part-size-mb", "0.01"};

        CleanupJob.Result killed = job.runUntil(step, occurrence, "archive", options);
        assertThat(killed.exitCode()).as("killed by SIGKILL; " + killed.describe()).isEqualTo(137);
        CleanupJob.awaitLeaseExpiry(session);
        CleanupJob.Result rerun = job.run("archive", options);

        assertThat(rerun.exitCode()).as(rerun.describe()).isIn(0, 4);
        assertThat(records.count(tenant, OWNERS, OLD)).isZero();
        assertThat(records.buckets(tenant)).isEmpty();
        assertThat(sameRows(archive.archivedRows("records/" + tenant + "/"), before)).isTrue();
        assertThat(archive.objects("_pending/records/" + tenant + "/")).isEmpty();
        CleanupJob.Result verify = job.run("verify", "--source", "records");
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
    }

    @Test
    void twoRunsAtOnceArchiveEveryRowOnce() {
        String tenant = newTenant();
        records.write(tenant, OWNERS, OLD, 200);
        Map<String, List<String>> before = records.snapshot(tenant, OWNERS, OLD);

        CompletableFuture<CleanupJob.Result> first = CompletableFuture.supplyAsync(() -> job.run("archive", "--source", "records", "--tenant", tenant));
        CompletableFuture<CleanupJob.Result> second = CompletableFuture.supplyAsync(() -> job.run("archive", "--source", "records", "--tenant", tenant));

        assertThat(List.of(first.join().exitCode(), second.join().exitCode())).as(first.join().describe() + second.join().describe())
                .containsAnyOf(0).allMatch(code -> code == 0 || code == 4);
        assertThat(records.count(tenant, OWNERS, OLD)).isZero();
        assertThat(sameRows(archive.archivedRows("records/" + tenant + "/"), before)).isTrue();
    }

    @Test
    void aRunFindingTheLeaseTakenLeavesTheSourceAlone() {
        String tenant = newTenant();
        records.write(tenant, OWNERS, OLD, 2);
        try (Lease held = new RecordsSource(session, 365, Duration.ofSeconds(30)).lease("someone-else", Shard.ALL)) {
            CleanupJob.Result run = job.run("archive", "--source", "records", "--tenant", tenant);

            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.stderr()).contains("records: skipped, another run (someone-else) is working on records");
            assertThat(records.count(tenant, OWNERS, OLD)).isEqualTo(12);
            assertThat(held.held()).isTrue();
        }
    }

    @Test
    void shardsSplitTheTenantsBetweenParallelTasks() {
        List<String> tenants = List.of(newTenant(), newTenant(), newTenant(), newTenant(), newTenant(), newTenant());
        for (String tenant : tenants) {
            records.write(tenant, List.of("solo"), OLD.subList(0, 1), 2);
        }
        CleanupJob.Result first = job.run("archive", "--source", "records", "--shard", "1/2");
        CleanupJob.Result second = job.run("archive", "--source", "records", "--shard", "2/2");

        assertThat(first.exitCode()).as(first.describe()).isIn(0, 4);
        assertThat(second.exitCode()).as(second.describe()).isIn(0, 4);
        Set<String> firstBatches = batches(first);
        Set<String> secondBatches = batches(second);
        assertThat(firstBatches).doesNotContainAnyElementsOf(secondBatches);
        for (String tenant : tenants) {
            assertThat(records.count(tenant, List.of("solo"), OLD.subList(0, 1))).isZero();
            assertThat(firstBatches.contains("records/" + tenant + "/" + OLD.get(0)) ^ secondBatches.contains("records/" + tenant + "/" + OLD.get(0))).isTrue();
        }
    }

    @Test
    void verifyFindsATamperedPartAndRestoreRefusesIt() {
        String tenant = newTenant();
        records.write(tenant, OWNERS, OLD.subList(0, 1), 10);
        assertThat(job.run("archive", "--source", "records", "--tenant", tenant).exitCode()).isZero();
        S3Object part = archive.objects("records/" + tenant + "/").stream().filter(o -> o.key().endsWith(".ndjson.gz")).findFirst().orElseThrow();
        archive.replace(part.key(), "not the archived rows");

        CleanupJob.Result verify = job.run("verify", "--source", "records");
        CleanupJob.Result restore = job.run("restore", "--batch", "records/" + tenant);

        assertThat(verify.exitCode()).isEqualTo(3);
        assertThat(verify.stderr()).contains(part.key());
        assertThat(restore.exitCode()).isEqualTo(1);
        assertThat(restore.stderr()).contains("does not match its manifest's SHA-256").doesNotContain("\tat ");
        assertThat(records.count(tenant, OWNERS, OLD.subList(0, 1))).isZero();
        archive.objects("records/" + tenant + "/").forEach(o -> archive.delete(o.key()));
    }

    /**
     * A crashed run's pending generation whose part is missing in S3: the rows of its batch stay in Cassandra, that
     * batch is not archived again (its rows would be stored twice), the tenant's other month is, and restore refuses.
     */
    @Test
    void aPendingGenerationThatFailsVerificationKeepsItsRowsAndHoldsBackOnlyItsBatch() {
        String tenant = newTenant();
        records.write(tenant, OWNERS, OLD, 5);
        String stuck = "records/" + tenant + "/" + OLD.get(0);
        archive.put("_pending/" + stuck + "/g0001/", "");
        archive.put(stuck + "/g0001/manifest.json", """
                {"format":"gatehouse-archive/1","source":"records","batch":"%s","generation":1,"createdAt":"2026-01-01T00:00:00Z",
                 "storageClass":"GLACIER_IR","rows":15,"bytes":100,"parts":[{"key":"%s/g0001/part-00000.ndjson.gz","rows":15,"bytes":100,
                 "sha256":"%s","md5":"%s"}],"scope":{"partitions":[]}}""".formatted(stuck, stuck, "0".repeat(64), "0".repeat(32)));
        try {
            CleanupJob.Result run = job.run("archive", "--source", "records", "--tenant", tenant);
            CleanupJob.Result restore = job.run("restore", "--batch", stuck);

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
            assertThat(run.events("resume-failed")).singleElement().satisfies(event -> {
                assertThat(event.get("batch").asText()).isEqualTo(stuck);
                assertThat(event.get("error").asText()).contains("part-00000.ndjson.gz is missing");
            });
            assertThat(run.events("batch-skipped")).extracting(event -> event.get("batch").asText()).containsExactly(stuck);
            assertThat(records.count(tenant, OWNERS, OLD.subList(0, 1))).isEqualTo(15);
            assertThat(records.count(tenant, OWNERS, OLD.subList(1, 2))).isZero();
            assertThat(archive.manifests(stuck + "/")).hasSize(1);
            assertThat(restore.exitCode()).isEqualTo(1);
            assertThat(restore.stderr()).contains("a pending generation of " + stuck + " fails verification");
        } finally {
            // Leave nothing behind for the other tests: no held-back rows a later run without --tenant would archive,
            // no broken archive for their verify runs.
            records.forget(tenant, OWNERS, OLD.get(0));
            archive.forgetRecordsOf(tenant);
        }
    }

    private static Set<String> batches(CleanupJob.Result run) {
        Set<String> batches = new HashSet<>();
        run.events("batch-archived").forEach(event -> batches.add(event.get("batch").asText()));
        return batches;
    }

    /** Archived rows (one line each) against the snapshot: the same rows, each exactly once. */
    private static boolean sameRows(List<String> archived, Map<String, List<String>> snapshot) {
        List<JsonNode> expected = new ArrayList<>();
        snapshot.values().forEach(rows -> expected.addAll(ArchiveContents.parsed(rows)));
        List<JsonNode> actual = ArchiveContents.parsed(archived);
        assertThat(actual).as("no row archived twice").doesNotHaveDuplicates();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        return true;
    }
}
