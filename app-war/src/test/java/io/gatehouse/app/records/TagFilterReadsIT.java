package io.gatehouse.app.records;

import com.codahale.metrics.Meter;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metrics.DefaultSessionMetric;
import io.gatehouse.app.cassandra.CassandraSession;
import io.gatehouse.app.security.TenantMember;
import io.gatehouse.records.schema.SchemaMigrations;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one tag-filtered page costs Cassandra, counted in bytes the driver received: the scan reads ids and tags,
 * and only the records returned are read whole, so a rare tag among large records costs kilobytes, not megabytes.
 */
// The app's other tests' set, so their Cassandra is shared rather than a second one started.
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class TagFilterReadsIT {
    private static final TenantMember OWNER = new TenantMember("bytes-" + UUID.randomUUID(), "owner", "owner-name");
    private static final int RECORDS = 150;
    private static final int BODY_CHARS = 40_000;
    private static final Set<Integer> RARE = Set.of(60, 90, 120);
    private static CqlSession session;
    private static CassandraRecordRepository records;

    @BeforeAll
    static void fill(Stack stack) {
        session = CqlSession.builder().addContactPoint(stack.server(CassandraServer.class).settings().address())
                .withLocalDatacenter(CassandraSettings.of(stack.config()).datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                        .withStringList(DefaultDriverOption.METRICS_SESSION_ENABLED, List.of(DefaultSessionMetric.BYTES_RECEIVED.getPath()))
                        .build())
                .build();
        new SchemaMigrations(1).migrate(session, "TagFilterReadsIT", line -> { });
        records = new CassandraRecordRepository(new CassandraSession() {
            @Override
            public CqlSession get() {
                return session;
            }
        });
        String body = "x".repeat(BODY_CHARS);
        for (int i = 0; i < RECORDS; i++) {
            // Three records among the newest hundred carry the rare tag; every one has a body near the API's size limit.
            Set<String> tags = RARE.contains(i) ? Set.of("rare", "common") : Set.of("common");
            records.create(OWNER, new RecordInput("record " + i, body, tags));
        }
    }

    @AfterAll
    static void close() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void aPageOfARareTagReadsTagsAndTheMatchesNotEveryBodyItPassed() {
        long before = bytesReceived();
        RecordRepository.Page page = records.list(OWNER, null, "rare", 5);
        long read = bytesReceived() - before;

        assertThat(page.items()).hasSize(3).allSatisfy(record -> assertThat(record.tags()).contains("rare"));
        assertThat(page.items().get(0).body()).hasSize(BODY_CHARS);
        // 100 rows examined (5 × 20): reading their bodies would be 4 MB; their ids and tags are a few kilobytes.
        assertThat(read).as("bytes read for one page").isLessThan(3L * BODY_CHARS + 60_000).isGreaterThan(3L * BODY_CHARS);
    }

    @Test
    void aTagNoRecordCarriesCostsOnlyTheScanOfTagsWithinItsBudget() {
        long before = bytesReceived();
        RecordRepository.Page page = records.list(OWNER, null, "nowhere", 5);
        long read = bytesReceived() - before;

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).as("more rows remain past the budget").isNotNull();
        assertThat(read).as("bytes read for one page").isLessThan(60_000);
    }

    @Test
    void followingTheCursorFindsEveryMatchOnceNewestFirstEachPageWithinItsBudget() {
        List<String> titles = new ArrayList<>();
        Cursor cursor = null;
        int pages = 0;
        do {
            long before = bytesReceived();
            RecordRepository.Page page = records.list(OWNER, cursor, "rare", 1);
            assertThat(bytesReceived() - before).as("bytes read for page " + pages).isLessThan(BODY_CHARS + 20_000);
            page.items().forEach(record -> titles.add(record.title()));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 200);
        assertThat(titles).containsExactly("record 120", "record 90", "record 60");
    }

    private static long bytesReceived() {
        return session.getMetrics().flatMap(metrics -> metrics.<Meter>getSessionMetric(DefaultSessionMetric.BYTES_RECEIVED))
                .map(Meter::getCount).orElseThrow(() -> new AssertionError("the driver counts no bytes received"));
    }
}
