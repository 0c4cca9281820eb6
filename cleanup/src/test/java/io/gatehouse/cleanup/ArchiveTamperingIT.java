package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone who can write to the archive bucket but not to the databases: whatever they put there, the job deletes
 * no row it did not archive, restores no row outside the batch it reads, and says why in one line.
 */
@WithStack({Component.CASSANDRA, Component.KEYCLOAK, Component.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveTamperingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OWNERS = List.of("owner-a", "owner-b");
    private static final YearMonth OLD = YearMonth.now(ZoneOffset.UTC).minusMonths(25);
    private RecordRows records;
    private CleanupJob job;
    private ArchiveContents archive;
    private final List<String> tenants = new ArrayList<>();

    @BeforeAll
    void connect(Stack stack) {
        records = RecordRows.connect(stack);
        job = new CleanupJob(stack);
        archive = new ArchiveContents(stack);
    }

    /**
     * Nothing tampered outlives its test: every archive run first resumes the whole source's pending generations, and
     * the other tests verify the whole bucket.
     */
    @AfterEach
    void forget() {
        for (String tenant : tenants) {
            records.forget(tenant, OWNERS, OLD);
            archive.forgetRecordsOf(tenant);
        }
        tenants.clear();
    }

    @AfterAll
    void close() {
        records.close();
        archive.close();
    }

    private String tenantWithRows() {
        String tenant = "x-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.add(tenant);
        records.write(tenant, OWNERS, List.of(OLD), 5);
        return tenant;
    }

    private String archived() {
        String tenant = tenantWithRows();
        CleanupJob.Result run = job.run("archive", "--source", "records", "--tenant", tenant);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return tenant;
    }

    private static String batch(String tenant) {
        return "records/" + tenant + "/" + OLD;
    }

    private static String manifestKey(String tenant) {
        return batch(tenant) + "/g0001/manifest.json";
    }

    @Test
    void aManifestWithoutPartsFailsVerificationAndItsScopeDeletesNothing() {
        String tenant = tenantWithRows();
        archive.put("_pending/" + batch(tenant) + "/g0001/", "");
        archive.put(manifestKey(tenant), """
                {"format":"gatehouse-archive/1","source":"records","batch":"%s","generation":1,"createdAt":"2026-01-01T00:00:00Z",
                 "storageClass":"GLACIER_IR","rows":0,"bytes":0,"parts":[],
                 "scope":{"partitions":[{"owner":"owner-a","rows":0,"newestWrite":0},{"owner":"owner-b","rows":0,"newestWrite":0}]}}"""
                .formatted(batch(tenant)));

        CleanupJob.Result verify = job.run("verify", "--source", "records");
        CleanupJob.Result run = job.run("archive", "--source", "records", "--tenant", tenant);

        assertThat(verify.exitCode()).isEqualTo(3);
        assertThat(verify.stderr()).contains(manifestKey(tenant) + " is not a manifest to act on: it lists no parts");
        assertThat(run.exitCode()).as("the batch is left alone: a partial failure, as README says").isEqualTo(3);
        assertThat(run.events("resume-failed")).singleElement()
                .satisfies(event -> assertThat(event.get("error").asText()).contains("it lists no parts"));
        assertThat(records.count(tenant, OWNERS, List.of(OLD))).isEqualTo(10);
        assertThat(records.buckets(tenant)).hasSize(2);
    }

    @Test
    void anotherTenantsManifestCopiedUnderThisTenantsBatchDeletesNothing() {
        String archived = archived();
        String victim = tenantWithRows();
        archive.put("_pending/" + batch(victim) + "/g0001/", "");
        archive.put(manifestKey(victim), new String(archive.bytes(manifestKey(archived))));

        CleanupJob.Result run = job.run("archive", "--source", "records", "--tenant", victim);
        CleanupJob.Result restore = job.run("restore", "--batch", batch(victim));

        assertThat(run.events("resume-failed")).singleElement()
                .satisfies(event -> assertThat(event.get("error").asText()).contains("not the ones its key names"));
        assertThat(records.count(victim, OWNERS, List.of(OLD))).isEqualTo(10);
        assertThat(restore.exitCode()).isEqualTo(1);
        assertThat(restore.stderr()).doesNotContain("\tat ");
    }

    @Test
    void aScopeDatedAfterItsArchiveIsRefusedSoNoDeleteCanHideLaterWrites() throws Exception {
        String archived = archived();
        String victim = tenantWithRows();
        // A manifest that passes every check of its bytes (its part is a copy with the same digests), under the victim's
        // batch, whose scope would delete the victim's partitions with a timestamp a day ahead.
        ObjectNode manifest = (ObjectNode) JSON.readTree(archive.bytes(manifestKey(archived)));
        manifest.put("batch", batch(victim));
        ArrayNode partitions = ((ObjectNode) manifest.get("scope")).putArray("partitions");
        long future = (Instant.now().toEpochMilli() + 86_400_000L) * 1000;
        for (String owner : OWNERS) {
            partitions.addObject().put("owner", owner).put("rows", 5).put("newestWrite", future);
        }
        for (JsonNode part : manifest.get("parts")) {
            String copy = part.get("key").asText().replace(batch(archived), batch(victim));
            archive.copy(part.get("key").asText(), copy);
            ((ObjectNode) part).put("key", copy);
        }
        archive.put("_pending/" + batch(victim) + "/g0001/", "");
        archive.put(manifestKey(victim), JSON.writeValueAsString(manifest));

        CleanupJob.Result run = job.run("archive", "--source", "records", "--tenant", victim);

        assertThat(run.events("resume-failed")).singleElement()
                .satisfies(event -> assertThat(event.get("error").asText()).contains("after the archive was made"));
        assertThat(records.count(victim, OWNERS, List.of(OLD))).isEqualTo(10);
        UUID later = Uuids.startOf(OLD.atDay(2).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        records.session().execute("INSERT INTO " + RecordsSchema.RECORDS + " (tenant, owner, bucket, id, title, version) VALUES (?, ?, ?, ?, 'later', 1)",
                victim, "owner-a", OLD.toString(), later);
        assertThat(records.count(victim, OWNERS, List.of(OLD))).as("a write after the refused delete is there").isEqualTo(11);
    }

    @Test
    void restoredRowsThatNameAnotherTenantMonthOrFieldAreRefusedAndWriteNothingThere() {
        String archived = archived();
        String victim = "v-" + UUID.randomUUID().toString().substring(0, 8);
        tenants.add(victim);
        String original = new String(archive.bytes(manifestKey(archived)));
        List<String> originalRows = archive.archivedRows(batch(archived) + "/");
        String otherMonthId = Uuids.startOf(OLD.minusMonths(1).atDay(3).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()).toString();
        Map<String, UnaryOperator<String>> tamperings = Map.of(
                "names tenant " + victim, row -> row.replace("\"tenant\":\"" + archived + "\"", "\"tenant\":\"" + victim + "\""),
                "it has 11 fields", row -> row.replace("\"tenant\":\"" + archived + "\"", "\"TENANT\":\"" + victim + "\",\"tenant\":\"" + archived + "\""),
                "Duplicate field 'tenant'", row -> row.replace("\"tenant\":\"" + archived + "\"", "\"tenant\":\"" + archived + "\",\"tenant\":\"" + victim + "\""),
                "was not made in " + OLD, row -> row.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + otherMonthId + "\""),
                "not a JSON row", row -> row + "{}");
        tamperings.forEach((refusal, tamper) -> {
            archive.replace(manifestKey(archived), original);
            archive.rewriteRows(manifestKey(archived), rows -> {
                List<String> tampered = new ArrayList<>(originalRows);
                tampered.set(0, tamper.apply(tampered.get(0)));
                return tampered;
            });
            CleanupJob.Result restore = job.run("restore", "--batch", batch(archived));

            assertThat(restore.exitCode()).as(restore.describe()).isEqualTo(1);
            // Refused for what the row says, not for its bytes: those match the rewritten manifest.
            assertThat(restore.stderr()).contains("archived row 1 of " + batch(archived) + " is refused").contains(refusal).doesNotContain("\tat ");
            assertThat(records.count(victim, OWNERS, List.of(OLD))).isZero();
            assertThat(records.buckets(victim)).isEmpty();
            assertThat(records.count(archived, OWNERS, List.of(OLD))).as("nothing restored before the refused row").isZero();
        });
    }
}
