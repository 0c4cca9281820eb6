package io.gatehouse.backup;

import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.s3.S3Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = Integer.getInteger("gatehouse.backup.it.records", 6000);
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
        // About 12 MiB of records by default: the data file goes to S3 in parts (5 MiB), as large SSTables do in AWS.
        // -Dgatehouse.backup.it.records=N sizes it for the runbook's measured times (deploy/README.md).
        tables.write("acme", "alice", RECORDS, 2000);
        tables.write("umbrella", "uma", 300, 200);
        long backupStarted = System.nanoTime();
        BackupTool.Result first = tool.run("backup", "--part-size-mib", "5");
        System.out.printf("first backup: %.1f s (including the JVM's start): %s", (System.nanoTime() - backupStarted) / 1e9, first.stdout());
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
        backupStarted = System.nanoTime();
        BackupTool.Result second = tool.run("backup", "--part-size-mib", "5");
        System.out.printf("second backup: %.1f s: %s", (System.nanoTime() - backupStarted) / 1e9, second.stdout());
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
        System.out.printf("restore: %.1f s (including the JVM's start): %s", (System.nanoTime() - started) / 1e9, restored.stdout());
        assertThat(tables.rows()).as("every row, with its write time, as at the last backup").isEqualTo(atLastBackup);
        assertThat(tables.count(RecordsSchema.RECORDS)).isEqualTo(RECORDS + 500);

        BackupTool.Result again = tool.run("restore", "--from-host", lostHost);
        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(tables.rows()).as("restoring twice changes nothing").isEqualTo(atLastBackup);
    }

    @Test
    @Order(2)
    void aBucketThatWasTamperedWithRestoresNothing() throws IOException {
        BackupTool.Result backup = tool.run("backup");
        assertThat(backup.exitCode()).as(backup.describe()).isZero();
        Matcher summary = summary(backup);
        String name = summary.group(1);
        String host = summary.group(2);
        String folder = "cassandra/gatehouse-local/" + host + "/";
        Map<String, List<String>> before = tables.rows();
        tables.session().execute("TRUNCATE " + RecordsSchema.RECORDS);
        ObjectNode manifest = (ObjectNode) JSON.readTree(get(folder + "backups/" + name + "/manifest.json"));

        // A stored file whose bytes changed (one byte of the records' data file).
        JsonNode data = largestFile(manifest);
        String dataKey = folder + "files/" + data.get("sha256").asText();
        byte[] original = get(dataKey);
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 1;
        put(dataKey, changed);
        BackupTool.Result tampered = tool.run("restore", "--backup", name);
        assertThat(tampered.exitCode()).as(tampered.describe()).isEqualTo(3);
        assertThat(tampered.stderr()).contains("(" + data.get("name").asText() + ") does not hold what the manifest says", "nothing was restored");
        assertThat(tables.count(RecordsSchema.RECORDS)).as("no table got anything").isZero();
        put(dataKey, original);

        // Manifests that are not what a backup wrote, each under a backup name of its own.
        ObjectNode escaping = manifest.deepCopy();
        ((ObjectNode) largestFile(escaping)).put("name", "../../../../escaped");
        assertRefused(folder, escaping, "2001-01-01T00-00-01Z", 3, "invalid file name ../../../../escaped");
        ObjectNode otherTable = manifest.deepCopy();
        ((ObjectNode) otherTable.get("tables").get(0)).put("directory", "../system-0123456789abcdef0123456789abcdef");
        assertRefused(folder, otherTable, "2001-01-01T00-00-02Z", 3, "invalid directory ../system-");
        ObjectNode extra = manifest.deepCopy();
        extra.put("run", "rm -rf /");
        assertRefused(folder, extra, "2001-01-01T00-00-03Z", 3, "is not a valid backup manifest");
        ObjectNode otherHost = manifest.deepCopy();
        otherHost.put("hostId", lostHost);
        assertRefused(folder, otherHost, "2001-01-01T00-00-04Z", 3, "not the one its key names");
        ObjectNode otherTokens = manifest.deepCopy();
        otherTokens.putArray("tokens").add("4611686018427387904");
        assertRefused(folder, otherTokens, "2001-01-01T00-00-05Z", 1, "this node owns 1 token(s) [0], the backup's node owned [4611686018427387904]");
        assertThat(tables.count(RecordsSchema.RECORDS)).isZero();

        BackupTool.Result dryRun = tool.run("restore", "--backup", name, "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.describe()).isZero();
        assertThat(dryRun.stdout()).contains("checked (nothing imported) backup " + name);
        assertThat(tables.count(RecordsSchema.RECORDS)).isZero();
        BackupTool.Result restored = tool.run("restore", "--backup", name);
        assertThat(restored.exitCode()).as(restored.describe()).isZero();
        assertThat(tables.rows()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void badInputGetsOneLineAndAnExitCode() {
        assertOneLine(tool.run("restore", "--backup", "yesterday"), 2, "--backup must name a backup such as");
        assertOneLine(tool.run("restore", "--from-host", "node-1"), 2, "--from-host must be a host id");
        assertOneLine(tool.run("backup", "--keep", "0"), 2, "--keep must be at least 1");
        assertOneLine(tool.run("backup", "--bucket", "no-such-bucket"), 1, "S3 bucket no-such-bucket does not exist");
        assertOneLine(tool.run("backup", "--jmx", "127.0.0.1:1"), 1, "cannot reach Cassandra's JMX at 127.0.0.1:1");
        assertOneLine(tool.run("restore", "--backup", "2001-01-01T00-00-00Z"), 3, "no backup 2001-01-01T00-00-00Z in s3://");
        assertOneLine(tool.run(), 2, "name a command");
    }

    @Test
    @Order(4)
    void keepRemovesOlderBackupsOfTheNodeOnly() {
        BackupTool.Result kept = tool.run("backup", "--keep", "1");
        assertThat(kept.exitCode()).as(kept.describe()).isZero();
        String name = summary(kept).group(1);
        String host = summary(kept).group(2);
        assertThat(kept.stdout()).contains("removing backup ", "kept the newest 1 backups");
        assertThat(s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix("cassandra/gatehouse-local/" + host + "/backups/"))
                .contents().stream().map(object -> object.key()).toList())
                .containsExactly("cassandra/gatehouse-local/" + host + "/backups/" + name + "/manifest.json");
        assertThat(tool.run("list", "--all-hosts").stdout()).as("another node's backups stay").contains(lostHost, lastBackup);
        BackupTool.Result restored = tool.run("restore", "--dry-run");
        assertThat(restored.exitCode()).as("files younger than a day stay, so the kept backup is whole: " + restored.describe()).isZero();
    }

    private void assertRefused(String folder, ObjectNode manifest, String name, int exitCode, String message) throws IOException {
        manifest.put("name", name);
        put(folder + "backups/" + name + "/manifest.json", JSON.writeValueAsBytes(manifest));
        assertOneLine(tool.run("restore", "--backup", name), exitCode, message);
    }

    private static void assertOneLine(BackupTool.Result result, int exitCode, String message) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
        assertThat(result.stderr().strip()).as(result.describe()).startsWith("gatehouse-cassandra-backup: ").contains(message)
                .doesNotContain("\tat ");
        assertThat(result.stderr().strip().lines().filter(line -> line.startsWith("gatehouse-cassandra-backup: ")).count()).isEqualTo(1);
    }

    private static JsonNode largestFile(JsonNode manifest) {
        JsonNode largest = null;
        for (JsonNode table : manifest.get("tables")) {
            for (JsonNode file : table.get("files")) {
                if (largest == null || file.get("size").asLong() > largest.get("size").asLong()) {
                    largest = file;
                }
            }
        }
        return largest;
    }

    private byte[] get(String key) {
        return s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
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
