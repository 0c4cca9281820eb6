package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.gatehouse.cleanup.EventRows.Table;
import io.gatehouse.records.schema.MonthBucket;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.records.schema.SchemaMigrations;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.bench.BenchStack;
import io.gatehouse.stack.bench.ServerCpu;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

/**
 * The cleanup job's throughput: {@code ./mvnw -q -DskipTests -Pbench-cleanup package -pl cleanup -am}. Starts
 * Cassandra, Keycloak (for its event tables) and the S3 server on a throw-away stack, writes {@code bench.rows}
 * records (default 1,000,000) into month partitions of 1,000 rows past retention and {@code bench.events} login
 * events (default 1,000,000, copies of a real one) over ten old days, then runs the packaged job on each source as
 * operators do and prints rows/s end to end (JVM start to exit) and the job's peak RSS.
 */
public final class CleanupBenchmark {
    private static final int ROWS_PER_PARTITION = 1000;
    private static final int OWNERS_PER_TENANT = 100;
    private static final String PARALLELISM = System.getProperty("bench.parallelism", "2");

    /** Runs the job and prints the CPU time each process spent meanwhile: where the two cores went. */
    private static CleanupJob.Result measured(Stack stack, java.util.function.Supplier<CleanupJob.Result> run) {
        ServerCpu cpu = ServerCpu.from(stack);
        long began = System.nanoTime();
        CleanupJob.Result result = run.get();
        double wall = (System.nanoTime() - began) / 1e9;
        System.out.printf("bench: CPU seconds over %.1f s wall: job %.1f, %s%n", wall, result.cpu().toMillis() / 1000.0,
                ServerCpu.describe(cpu.secondsSince()));
        return result;
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.rows", 1_000_000);
        long eventCount = Long.getLong("bench.events", 1_000_000);
        Path scratch = Path.of(System.getProperty("gatehouse.bench.dir")).toAbsolutePath();
        // Cassandra syncs its commit log periodically, as the AWS nodes run: acknowledging each of millions of writes
        // only after a sync (the local default) makes loading them take ten times longer and measures nothing here.
        Map<String, String> settings = Map.of("gatehouse.cassandra.heap", System.getProperty("bench.cassandra.heap", "2g"),
                "gatehouse.cassandra.commitlog-sync", "periodic");
        try (Stack stack = BenchStack.start(scratch, settings, EnumSet.of(Component.CASSANDRA, Component.KEYCLOAK, Component.S3))) {
            CleanupJob job = new CleanupJob(stack, scratch.resolve("job"));
            if (rows > 0) {
                writeRecords(stack, rows);
                awaitCompactions(stack);
                report("records", rows, measured(stack, () -> job.run("archive", "--source", "records", "--parallelism", PARALLELISM)));
            }
            if (eventCount > 0) {
                writeEvents(stack, eventCount);
                report("keycloak-events", eventCount, measured(stack,
                        () -> job.run("archive", "--source", "keycloak-events", "--older-than", "7d", "--parallelism", PARALLELISM)));
            }
        }
    }

    private static void report(String source, long expected, CleanupJob.Result run) {
        if (run.exitCode() != 0) {
            throw new IllegalStateException(source + ": the job failed: " + run.describe());
        }
        double seconds = Double.parseDouble(run.stderr().replaceAll("(?s).* in ([0-9.]+) s \\(.*", "$1"));
        System.out.printf("bench: %s: %s", source, run.stderr());
        System.out.printf("bench: %s: %,d rows, job's own rate %,.0f rows/s, peak RSS %d MiB%n", source, expected, expected / seconds, run.peakRssMiB());
        System.out.printf("bench: %s: summed over batches: read+compress+upload %.1f s, verify %.1f s, delete %.1f s%n", source,
                phase(run, "intent-written", "manifest-written"), phase(run, "manifest-written", "verified"), phase(run, "verified", "source-deleted"));
    }

    /** Seconds between two steps of each batch, summed over the batches (they overlap when run in parallel). */
    private static double phase(CleanupJob.Result run, String from, String to) {
        Map<String, Instant> started = new java.util.HashMap<>();
        run.events(from).forEach(event -> started.put(event.get("batch").asText(), Instant.parse(event.get("time").asText())));
        return run.events(to).stream().mapToLong(event -> Duration.between(started.get(event.get("batch").asText()),
                Instant.parse(event.get("time").asText())).toMillis()).sum() / 1000.0;
    }

    private static void writeRecords(Stack stack, long rows) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(24);
        long start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String body = "x".repeat(200);
        long began = System.nanoTime();
        try (CqlSession session = CqlSession.builder().addContactPoint(stack.server(CassandraServer.class).settings().address())
                .withLocalDatacenter(CassandraSettings.of(stack.config()).datacenter()).build()) {
            new SchemaMigrations(1).migrate(session, "test", step -> { });
            PreparedStatement insert = session.prepare("INSERT INTO " + RecordsSchema.RECORDS
                    + " (tenant, owner, bucket, id, title, body, tags, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            PreparedStatement bucket = session.prepare("INSERT INTO " + RecordsSchema.BUCKETS + " (tenant, owner, bucket) VALUES (?, ?, ?)");
            Semaphore inFlight = new Semaphore(256);
            for (long i = 0; i < rows; i++) {
                long partition = i / ROWS_PER_PARTITION;
                String tenant = "tenant-" + partition / OWNERS_PER_TENANT;
                String owner = "owner-" + partition % OWNERS_PER_TENANT;
                long millis = start + i % ROWS_PER_PARTITION * 1000 + partition % OWNERS_PER_TENANT;
                UUID id = Uuids.startOf(millis);
                if (i % ROWS_PER_PARTITION == 0) {
                    session.execute(bucket.bind(tenant, owner, MonthBucket.of(id)));
                }
                Instant at = Instant.ofEpochMilli(millis);
                inFlight.acquireUninterruptibly();
                CompletionStage<?> done = session.executeAsync(insert.bind(tenant, owner, MonthBucket.of(id), id, "record " + i, body,
                        Set.of("bench", "t" + i % 10), at, at, 1));
                done.whenComplete((result, error) -> inFlight.release());
                if (i > 0 && i % 200_000 == 0) {
                    System.out.printf("bench: %,d records written%n", i);
                }
            }
            inFlight.acquireUninterruptibly(256);
        }
        System.out.printf("bench: %,d records written in %.0f s%n", rows, (System.nanoTime() - began) / 1e9);
    }

    /** Lets Cassandra finish flushing and compacting what was just written, so the job is measured alone. */
    private static void awaitCompactions(Stack stack) throws InterruptedException {
        try (CqlSession session = CqlSession.builder().addContactPoint(stack.server(CassandraServer.class).settings().address())
                .withLocalDatacenter(CassandraSettings.of(stack.config()).datacenter()).build()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline && session.execute("SELECT * FROM system_views.sstable_tasks").one() != null) {
                Thread.sleep(1000);
            }
            Thread.sleep(5000);
        }
    }

    private static void writeEvents(Stack stack, long count) throws Exception {
        BrowserLogin.forWebClient(stack.config()).login("alice", "Alice-Gatehouse-1", "openid");
        EventRows events = new EventRows(stack.server(KeycloakServer.class).database());
        String realm = events.realmId(StackConfig.REALM);
        long began = System.nanoTime();
        events.copies(Table.LOGIN, realm, Math.toIntExact(count), Instant.now().minus(Duration.ofDays(8)), 10);
        System.out.printf("bench: %,d login events written in %.0f s%n", count, (System.nanoTime() - began) / 1e9);
    }
}
