package io.gatehouse.cleanup.archive;

import io.gatehouse.cleanup.source.Scope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {
    private static final String BATCH = "records/acme/2025-01";
    private static final String KEY = BATCH + "/g0002/manifest.json";
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final String SHA = "a".repeat(64);
    private static final String MD5 = "b".repeat(32);

    private static Manifest manifest(String source, String batch, int generation, Instant createdAt, long rows, List<Part> parts) {
        return new Manifest(Manifest.FORMAT, source, batch, generation, createdAt, "GLACIER_IR", rows,
                parts.stream().mapToLong(Part::bytes).sum(), parts, new Scope.Partitions(List.of()));
    }

    private static Part part(int index, long rows) {
        return new Part(BATCH + "/g0002/part-0000" + index + ".ndjson.gz", rows, 100, SHA, MD5);
    }

    @Test
    void aManifestThatFitsItsKeyHasNoProblem() {
        assertThat(manifest("records", BATCH, 2, NOW.minusSeconds(60), 15, List.of(part(0, 10), part(1, 5))).problems(KEY, NOW)).isEmpty();
    }

    @Test
    void aManifestWithoutPartsIsRefused() {
        assertThat(manifest("records", BATCH, 2, NOW, 0, List.of()).problems(KEY, NOW)).containsExactly("it lists no parts");
    }

    @Test
    void aManifestCopiedUnderAnotherBatchOrGenerationIsRefused() {
        Manifest other = manifest("records", "records/globex/2025-01", 2, NOW, 10, List.of(part(0, 10)));
        assertThat(other.problems(KEY, NOW)).anySatisfy(problem -> assertThat(problem).contains("not the ones its key names"));
        Manifest generation = manifest("records", BATCH, 1, NOW, 10, List.of(part(0, 10)));
        assertThat(generation.problems(KEY, NOW)).anySatisfy(problem -> assertThat(problem).contains("not the ones its key names"));
        Manifest source = manifest("keycloak-events", BATCH, 2, NOW, 10, List.of(part(0, 10)));
        assertThat(source.problems(KEY, NOW)).anySatisfy(problem -> assertThat(problem).contains("not the ones its key names"));
    }

    @Test
    void partsOutsideTheirGenerationOrCountsThatDoNotAddUpAreRefused() {
        Part elsewhere = new Part("records/globex/2025-01/g0001/part-00000.ndjson.gz", 10, 100, SHA, MD5);
        assertThat(manifest("records", BATCH, 2, NOW, 10, List.of(elsewhere)).problems(KEY, NOW))
                .containsExactly("part 0 is records/globex/2025-01/g0001/part-00000.ndjson.gz, not " + BATCH + "/g0002/part-00000.ndjson.gz");
        assertThat(manifest("records", BATCH, 2, NOW, 11, List.of(part(0, 10))).problems(KEY, NOW))
                .containsExactly("its parts hold 10 rows in 100 bytes, it says 11 in 100");
        assertThat(manifest("records", BATCH, 2, NOW, 10, List.of(new Part(part(0, 10).key(), 10, 100, "00", MD5))).problems(KEY, NOW))
                .containsExactly("part 0 has invalid counts or checksums");
    }

    @Test
    void aManifestDatedInTheFutureIsRefused() {
        assertThat(manifest("records", BATCH, 2, NOW.plusSeconds(3600), 10, List.of(part(0, 10))).problems(KEY, NOW))
                .containsExactly("its date 2026-12-01T01:00:00Z is not in the past");
    }

    @Test
    void aManifestReadsBackWithTheScopeOfItsSourceToldByItsFields() throws Exception {
        Scope records = new Scope.Partitions(List.of(new Scope.Partitions.Partition("owner-a", 10, 1_700_000_000_000_000L)));
        Scope events = new Scope.Day("realm-id", "2026-11-01", 5);
        for (Scope scope : List.of(records, events)) {
            Manifest written = new Manifest(Manifest.FORMAT, "records", BATCH, 2, NOW, "GLACIER_IR", 10, 100, List.of(part(0, 10)), scope);

            Manifest read = Manifest.parse(KEY, new java.io.ByteArrayInputStream(written.json()));

            assertThat(read).isEqualTo(written);
            assertThat(read.scope()).isInstanceOf(scope.getClass());
        }
    }

    @Test
    void aScopeWithAFieldTooManyOrOfNoKnownKindIsRefused() {
        String partitions = "{\"partitions\":[{\"owner\":\"a\",\"rows\":1,\"newestWrite\":1,\"extra\":1}]}";
        String unknown = "{\"tenant\":\"a\"}";
        for (String scope : List.of(partitions, unknown)) {
            String json = "{\"format\":\"gatehouse-archive/1\",\"source\":\"records\",\"batch\":\"" + BATCH + "\",\"generation\":2,"
                    + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"storageClass\":\"GLACIER_IR\",\"rows\":1,\"bytes\":100,\"parts\":[],\"scope\":" + scope + "}";

            assertThatThrownBy(() -> Manifest.parse(KEY, new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .isInstanceOf(InvalidManifest.class).hasMessageStartingWith(KEY + " is not a manifest to act on");
        }
    }
}
