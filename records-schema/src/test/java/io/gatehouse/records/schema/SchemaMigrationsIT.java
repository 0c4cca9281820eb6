package io.gatehouse.records.schema;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The records schema's migrations on a real Cassandra, each case in a keyspace of its own: from fixtures of the
 * schemas earlier releases left (rows kept), from nothing, by several processes at once, and the refusals.
 */
@WithStack(Component.CASSANDRA)
class SchemaMigrationsIT {
    private static final AtomicInteger KEYSPACES = new AtomicInteger();
    private CqlSession session;
    private String keyspace;

    @BeforeEach
    void connect(Stack stack) {
        // Four migrators at once on a 2-core machine shared with Cassandra: more than the driver's 2 s per query.
        session = CqlSession.builder().addContactPoint(stack.server(CassandraServer.class).settings().address())
                .withLocalDatacenter(CassandraSettings.of(stack.config()).datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder().withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                        // Each schema change otherwise waits out the driver's 1 s schema-refresh window.
                        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(10)).build())
                .build();
        keyspace = "migration_" + KEYSPACES.incrementAndGet() + "_" + System.nanoTime() % 100_000;
    }

    @AfterEach
    void close() {
        SchemaMigrations.ddl(session, "DROP KEYSPACE IF EXISTS " + keyspace);
        session.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"release-2026-11-before-owner-names", "release-2026-12-unversioned"})
    void aKeyspaceOfAnEarlierReleaseIsBroughtToTheNewestVersionWithItsRowsKept(String fixture) throws IOException {
        load(fixture);
        assertThatThrownBy(() -> SchemaMigrations.requireCurrent(session, keyspace))
                .hasMessage("the records schema of " + keyspace + " is at version 0, this build needs " + SchemaMigrations.latest()
                        + ": start the API once, it migrates the schema");

        List<String> progress = new ArrayList<>();
        List<Integer> applied = new SchemaMigrations(keyspace, 1).migrate(session, "test", progress::add);

        assertThat(applied).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(progress).hasSize(7).first().asString().startsWith("schema " + keyspace + ": replication {")
                .endsWith("becomes {'class': 'NetworkTopologyStrategy', 'datacenter1': 1} (same factor, no data moves)");
        assertThat(progress.get(1)).startsWith("schema " + keyspace + ": applying 1 (");
        assertThat(session.getMetadata().getKeyspace(keyspace).orElseThrow().getReplication())
                .containsEntry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy").containsEntry("datacenter1", "1");
        assertThat(versions()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(SchemaMigrations.hasColumn(session, keyspace, "record_buckets", "owner_name")).isTrue();
        assertThat(session.getMetadata().getKeyspace(keyspace).orElseThrow().getTable("cleanup_leases")).isPresent();
        assertThat(session.getMetadata().getKeyspace(keyspace).orElseThrow().getTable("revocations")).isPresent();
        assertThat(SchemaMigrations.hasColumn(session, keyspace, "revocations", "ended_at")).isTrue();
        assertThat(session.getMetadata().getKeyspace(keyspace).orElseThrow().getTable("records_by_owner").orElseThrow().getOptions())
                .containsEntry(CqlIdentifier.fromInternal("speculative_retry"), "MIN(99p,50ms)");
        Row record = session.execute("SELECT title, body, tags FROM " + keyspace + ".records_by_owner WHERE tenant = 'acme' AND owner = 'owner-1' AND bucket = '2026-11'").one();
        assertThat(record).isNotNull();
        assertThat(record.getString("title")).isEqualTo("kept");
        assertThat(record.getSet("tags", String.class)).containsExactly("old");
        assertThat(session.execute("SELECT retention_days FROM " + keyspace + ".tenant_settings WHERE tenant = 'acme'").one().getInt(0)).isEqualTo(90);
        SchemaMigrations.requireCurrent(session, keyspace);

        assertThat(new SchemaMigrations(keyspace, 1).migrate(session, "test", progress::add)).as("a second start").isEmpty();
        assertThat(progress).hasSize(7);
    }

    /** New replicas would start empty: a factor other than the setting's is reported, never changed behind the operator's back. */
    @Test
    void aKeyspaceWhoseFactorDiffersIsLeftAsItIsAndReported() {
        new SchemaMigrations(keyspace, 1).migrate(session, "test", step -> { });
        List<String> progress = new ArrayList<>();

        assertThat(new SchemaMigrations(keyspace, 3).migrate(session, "test", progress::add)).isEmpty();

        assertThat(progress).singleElement().asString().contains("WARNING replication is {", "the setting asks for {'class': 'NetworkTopologyStrategy', 'datacenter1': 3}");
        assertThat(session.getMetadata().getKeyspace(keyspace).orElseThrow().getReplication()).containsEntry("datacenter1", "1");
    }

    @Test
    void processesStartingTogetherApplyEachStepOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Integer>>> starts = IntStream.range(0, 4).<Callable<List<Integer>>>mapToObj(i ->
                    () -> new SchemaMigrations(keyspace, 1).migrate(session, "api-" + i, step -> { })).toList();
            List<Integer> appliedByAll = new ArrayList<>();
            for (Future<List<Integer>> start : pool.invokeAll(starts)) {
                appliedByAll.addAll(start.get());
            }
            assertThat(appliedByAll).as("every step applied by exactly one of them").containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
        } finally {
            pool.shutdownNow();
        }
        assertThat(versions()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(session.execute("SELECT count(*) FROM " + keyspace + ".schema_lock").one().getLong(0)).as("lease released").isZero();
    }

    @Test
    void dataOfANewerBuildIsRefused() {
        new SchemaMigrations(keyspace, 1).migrate(session, "test", step -> { });
        session.execute("INSERT INTO " + keyspace + ".schema_migrations (version, description) VALUES (" + (SchemaMigrations.latest() + 1) + ", 'from a newer build')");

        assertThatThrownBy(() -> new SchemaMigrations(keyspace, 1).migrate(session, "test", step -> { }))
                .hasMessage("the records schema of " + keyspace + " is at version " + (SchemaMigrations.latest() + 1)
                        + ", newer than this build knows (" + SchemaMigrations.latest() + "): refusing to run an older build on newer data");
        assertThatThrownBy(() -> SchemaMigrations.requireCurrent(session, keyspace))
                .hasMessageEndingWith(": this build is older than the data");
    }

    @Test
    void aLeaseLeftByACrashedMigrationDelaysOthersOnlyUntilItRunsOut() {
        new SchemaMigrations(keyspace, 1).migrate(session, "test", step -> { });
        session.execute("DELETE FROM " + keyspace + ".schema_migrations WHERE version = 3");
        session.execute("INSERT INTO " + keyspace + ".schema_lock (name, holder) VALUES ('records', 'crashed') USING TTL 3");

        long begin = System.nanoTime();
        List<Integer> applied = new SchemaMigrations(keyspace, 1).migrate(session, "test", step -> { });

        assertThat(applied).containsExactly(3);
        assertThat((System.nanoTime() - begin) / 1_000_000).as("waited for the crashed holder's lease, ms").isGreaterThanOrEqualTo(1500);
    }

    private List<Integer> versions() {
        return session.execute("SELECT version FROM " + keyspace + ".schema_migrations").all().stream()
                .map(row -> row.getInt("version")).sorted().toList();
    }

    private void load(String fixture) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/schema-fixtures/" + fixture + ".cql")) {
            String cql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Arrays.stream(cql.split(";")).map(String::strip)
                    .map(statement -> statement.lines().filter(line -> !line.startsWith("--")).reduce("", (a, b) -> a + " " + b).strip())
                    .filter(statement -> !statement.isEmpty())
                    .forEach(statement -> SchemaMigrations.ddl(session, statement.replace("%s", keyspace)));
        }
    }
}
