package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.records.schema.SchemaMigrations;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input and unreachable servers: one line on standard error, a non-zero exit, nothing deleted. */
@WithStack({Component.CASSANDRA, Component.KEYCLOAK, Component.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CleanupCliIT {
    private static final List<String> OWNERS = List.of("only");
    private static final List<YearMonth> OLD = List.of(YearMonth.now(ZoneOffset.UTC).minusMonths(30));

    private CqlSession session;
    private RecordRows records;
    private CleanupJob job;
    private String tenant;

    @BeforeAll
    void connect(Stack stack) {
        records = RecordRows.connect(stack);
        session = records.session();
        job = new CleanupJob(stack);
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        records.write(tenant, OWNERS, OLD, 5);
    }

    @AfterAll
    void close() {
        records.close();
    }

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        CleanupJob.Result help = job.run("--help");
        CleanupJob.Result archiveHelp = job.run("archive", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(String.join("\n", help.stdout())).contains("archive", "restore", "verify", "3   partial failure", "4   nothing to do");
        assertThat(archiveHelp.exitCode()).isZero();
        assertThat(String.join("\n", archiveHelp.stdout())).contains("--dry-run", "--older-than", "--shard", "--tenant", "GATEHOUSE_S3_BUCKET");
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        assertOneLine(job.run("archive", "--source", "recordz"), 2, "unknown source 'recordz' (known: records, keycloak-events, keycloak-admin-events)");
        assertOneLine(job.run("archive", "--older-than", "soon"), 2, "--older-than must be like 90d, 12w, 36h or P90D, got 'soon'");
        assertOneLine(job.run("archive", "--older-than", "2h"), 2, "--older-than must be at least 1d");
        assertOneLine(job.run("archive", "--shard", "3/2"), 2, "--shard must be i/n with 1 <= i <= n, got 3/2");
        assertOneLine(job.run("archive", "--storage-class", "ONEZONE_FAST"), 2, "--storage-class must be one of");
        assertOneLine(job.run("restore", "--batch", "nothing/here"), 2, "unknown source 'nothing'");
        assertThat(job.run("archive", "--frobnicate").exitCode()).isEqualTo(2);
        assertOneLine(job.run(""), 2, "name a command: archive, restore or verify");
        assertThat(records.count(tenant, OWNERS, OLD)).isEqualTo(5);
    }

    @Test
    void unreachableServersAndAMissingBucketFailWithOneLineAndDeleteNothing() throws IOException {
        int closed = closedPort();
        assertOneLine(job.run("archive", "--source", "records", "--tenant", tenant, "--s3-endpoint", "http://127.0.0.1:" + closed), 1, "S3:");
        assertOneLine(job.run("archive", "--source", "records", "--tenant", tenant, "--bucket", "no-such-bucket-" + closed), 1,
                "S3 bucket no-such-bucket-" + closed + " does not exist");
        assertOneLine(job.run("archive", "--source", "records", "--tenant", tenant, "--cassandra", "127.0.0.1:" + closed), 1,
                "cannot reach Cassandra");
        assertOneLine(job.run("archive", "--source", "keycloak-events", "--postgres-url", "jdbc:postgresql://127.0.0.1:" + closed + "/keycloak"), 1,
                "cannot reach PostgreSQL");
        assertThat(records.count(tenant, OWNERS, OLD)).isEqualTo(5);
    }

    /** The API owns the schema: the job refuses a schema behind (or ahead of) the version it was built for. */
    @Test
    void aSchemaOfAnotherVersionIsOneLineAndDeletesNothing() {
        int latest = SchemaMigrations.latest();
        Row newest = session.execute("SELECT version, description, applied_at, applied_by FROM " + RecordsSchema.KEYSPACE
                + ".schema_migrations WHERE version = " + latest).one();
        session.execute("DELETE FROM " + RecordsSchema.KEYSPACE + ".schema_migrations WHERE version = " + latest);
        try {
            assertOneLine(job.run("archive", "--source", "records", "--tenant", tenant), 1, "the records schema of gatehouse is at version "
                    + (latest - 1) + ", this build needs " + latest + ": start the API once, it migrates the schema");
        } finally {
            session.execute("INSERT INTO " + RecordsSchema.KEYSPACE + ".schema_migrations (version, description, applied_at, applied_by) VALUES (?, ?, ?, ?)",
                    latest, newest.getString("description"), newest.getInstant("applied_at"), newest.getString("applied_by"));
        }
        assertThat(records.count(tenant, OWNERS, OLD)).isEqualTo(5);
    }

    private static void assertOneLine(CleanupJob.Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
        List<String> lines = new ArrayList<>(result.stderr().lines().toList());
        assertThat(lines).as(result.stderr()).anySatisfy(line -> assertThat(line).startsWith("gatehouse-cleanup: ").contains(message));
        assertThat(result.stderr()).doesNotContain("\tat ", "Exception");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
