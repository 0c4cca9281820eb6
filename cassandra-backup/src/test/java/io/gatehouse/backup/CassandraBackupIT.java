package io.gatehouse.backup;

import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.s3.S3Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backup tool against the stack's real Cassandra node and S3 server: back up, lose the node's data entirely,
 * restore, and every row is back as it was; then what the restore path does with a bucket it cannot trust.
 */
@WithStack({Component.CASSANDRA, Component.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraBackupIT {
    private static final Pattern SUMMARY = Pattern.compile("backup (\\S+) of host (\\S+): (\\d+) tables, (\\d+) files, [\\d.]+ MiB \\((\\d+) files, [\\d.]+ MiB uploaded\\)");
    private Stack stack;
    private BackupTool tool;
    private Tables tables;
    private S3Client s3;
    private String bucket;
    /** Set by the first test: the node's host id before its data was lost, and the state of its last backup. */
    private String lostHost;
    private String lastBackup;
    private Map<String, List<String>> atLastBackup;

    @BeforeAll
    void start(Stack stack) {
        this.stack = stack;
        tool = new BackupTool(stack);
        tables = Tables.connect(stack);
        S3Settings settings = S3Settings.of(stack.config());
        bucket = settings.bucket();
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(stack.server(S3Server.class).settings().url()))
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .build();
    }

    @AfterAll
    void close() {
        tables.close();
        s3.close();
    }

    @Test
    @Order(1)
    void aNodeThatLostAllItsDataGetsEveryRowBackFromItsBackups() {
        // About 12 MiB of records: the data file goes to S3 in parts (5 MiB), as large SSTables do in AWS.
        tables.write("acme", "alice", 6000, 2000);
        tables.write("umbrella", "uma", 300, 200);
        BackupTool.Result first = tool.run("backup", "--part-size-mib", "5");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        Matcher firstSummary = summary(first);
        // Files with equal bytes (an empty table's components are alike) are stored once.
        assertThat(Integer.parseInt(firstSummary.group(5))).as("the first backup uploads every distinct file")
                .isPositive().isLessThanOrEqualTo(Integer.parseInt(firstSummary.group(4)))
                .isEqualTo(storedFiles(firstSummary.group(2)));
        assertThat(first.stderr()).contains("uploading: ");

        tables.write("acme", "bob", 200, 200);
        tables.session().execute("DELETE FROM " + RecordsSchema.TENANT_SETTINGS + " WHERE tenant = 'umbrella'");
        atLastBackup = tables.rows();
        BackupTool.Result second = tool.run("backup", "--part-size-mib", "5");
        assertThat(second.exitCode()).as(second.describe()).isZero();
        Matcher secondSummary = summary(second);
        int uploaded = Integer.parseInt(secondSummary.group(5));
        assertThat(uploaded).as("only what was flushed since goes up again").isPositive().isLessThan(Integer.parseInt(secondSummary.group(4)));
        lastBackup = secondSummary.group(1);
        lostHost = secondSummary.group(2);
        assertThat(tool.run("list").stdout()).contains(firstSummary.group(1), lastBackup, "(this node)");

        CassandraServer cassandra = stack.server(CassandraServer.class);
        tables.close();
        cassandra.node(1).kill();
        wipe(cassandra.settings().dataDir(1));
        cassandra.restart(1);
        tables = Tables.connect(stack);
        assertThat(tables.count(RecordsSchema.RECORDS)).as("a node started on empty folders").isZero();

        BackupTool.Result ownBackups = tool.run("restore");
        assertThat(ownBackups.exitCode()).as("the new node has a new host id and no backups of its own: " + ownBackups.describe()).isEqualTo(3);
        assertThat(ownBackups.stderr().strip()).startsWith("gatehouse-cassandra-backup: no backup in s3://").contains("--from-host").doesNotContain("\tat ");
        assertThat(tool.run("list", "--all-hosts").stdout()).contains(lostHost, lastBackup);

        long started = System.nanoTime();
        BackupTool.Result restored = tool.run("restore", "--from-host", lostHost);
        assertThat(restored.exitCode()).as(restored.describe()).isZero();
        assertThat(restored.stdout()).contains("restored backup " + lastBackup + " of host " + lostHost);
        assertThat(restored.stderr()).contains("downloading and verifying: ", "importing gatehouse.records_by_owner");
        System.out.printf("restore of %s took %.1f s%n", lastBackup, (System.nanoTime() - started) / 1e9);
        assertThat(tables.rows()).as("every row, with its write time, as at the last backup").isEqualTo(atLastBackup);
        assertThat(tables.count(RecordsSchema.RECORDS)).isEqualTo(6500);

        BackupTool.Result again = tool.run("restore", "--from-host", lostHost);
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(tables.rows()).as("restoring twice changes nothing").isEqualTo(atLastBackup);
    }

    private int storedFiles(String host) {
        return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("cassandra/gatehouse-local/" + host + "/files/")).contents()
                .stream().mapToInt(object -> 1).sum();
    }

    private static Matcher summary(BackupTool.Result result) {
        Matcher matcher = SUMMARY.matcher(result.stdout());
        assertThat(matcher.find()).as(result.describe()).isTrue();
        return matcher;
    }

    /** The node's data, commit log, caches and hints gone, as with a lost volume; its configuration stays. */
    private static void wipe(Path work) {
        for (String folder : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw")) {
            Path path = work.resolve(folder);
            if (Files.exists(path)) {
                try (Stream<Path> paths = Files.walk(path)) {
                    for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(each);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
