package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowJsonTest {
    private static final RowJson RECORDS = new RowJson(List.of("tenant", "id", "tags", "created_at", "version"),
            List.of(DataTypes.TEXT, DataTypes.TIMEUUID, DataTypes.setOf(DataTypes.TEXT), DataTypes.TIMESTAMP, DataTypes.INT));
    private static final String ID = "6a1f2b2e-1f0a-11f0-8de9-0242ac120002";

    private static String written(RowJson.Kind kind, RowJson.Kind elementKind, ByteBuffer raw) {
        JsonLine line = new JsonLine();
        RowJson.appendValue(kind, elementKind, raw, line);
        return line.toString();
    }

    private static String text(String value) {
        return written(RowJson.Kind.TEXT, null, TypeCodecs.TEXT.encode(value, ProtocolVersion.DEFAULT));
    }

    @Test
    void textIsWrittenFromItsBytesWithTheEscapesJsonNeedsAndReadsBackAsItWas() throws Exception {
        String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 del \u007f ä ✓ 😀 / </script>";
        String json = text(awkward);
        assertThat(new ObjectMapper().readValue(json, String.class)).isEqualTo(awkward);
        assertThat(json).isEqualTo("\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 nul \\u0000 del \u007f ä ✓ 😀 / </script>\"");
        assertThat(text("")).isEqualTo("\"\"");
    }

    @Test
    void aValueThatIsAllEscapesGrowsTheLineAsItGoes() throws Exception {
        String escapes = "\"\u0001\\".repeat(2000);
        JsonLine line = new JsonLine();
        RowJson.appendValue(RowJson.Kind.TEXT, null, TypeCodecs.TEXT.encode("x".repeat(900), ProtocolVersion.DEFAULT), line);
        RowJson.appendValue(RowJson.Kind.TEXT, null, TypeCodecs.TEXT.encode(escapes, ProtocolVersion.DEFAULT), line);
        String written = line.toString();
        assertThat(written).startsWith("\"" + "x".repeat(900) + "\"\"");
        assertThat(new ObjectMapper().readValue(written.substring(902), String.class)).isEqualTo(escapes);
    }

    @Test
    void aSliceOfALargerBufferIsWrittenWithoutItsNeighbours() {
        ByteBuffer frame = ByteBuffer.wrap("xx\"acme\"yy".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ByteBuffer value = frame.slice(3, 4);
        assertThat(written(RowJson.Kind.TEXT, null, value)).isEqualTo("\"acme\"");
        assertThat(written(RowJson.Kind.TEXT, null, frame.duplicate().position(3).limit(7))).isEqualTo("\"acme\"");
    }

    @Test
    void uuidsAndCollectionsAreWrittenAsTheDriverWouldPrintThem() {
        UUID id = UUID.fromString(ID);
        assertThat(written(RowJson.Kind.UUID, null, TypeCodecs.TIMEUUID.encode(id, ProtocolVersion.DEFAULT))).isEqualTo("\"" + ID + "\"");
        Set<String> tags = new LinkedHashSet<>(List.of("a", "b\"c", "ü"));
        assertThat(written(RowJson.Kind.COLLECTION, RowJson.Kind.TEXT, TypeCodecs.setOf(TypeCodecs.TEXT).encode(tags, ProtocolVersion.DEFAULT)))
                .isEqualTo("[\"a\",\"b\\\"c\",\"ü\"]");
        assertThat(written(RowJson.Kind.COLLECTION, RowJson.Kind.TEXT, TypeCodecs.setOf(TypeCodecs.TEXT).encode(Set.of(), ProtocolVersion.DEFAULT)))
                .isEqualTo("[]");
        assertThat(written(RowJson.Kind.COLLECTION, RowJson.Kind.UUID, TypeCodecs.listOf(TypeCodecs.UUID).encode(List.of(id, id), ProtocolVersion.DEFAULT)))
                .isEqualTo("[\"" + ID + "\",\"" + ID + "\"]");
    }

    @Test
    void timestampsAreWrittenAsCassandraWritesThemAndParseBackToTheSameInstant() {
        for (String instant : List.of("2025-01-31T12:00:00.250Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z", "2024-02-29T07:08:09.010Z")) {
            Instant at = Instant.parse(instant);
            String json = written(RowJson.Kind.TIMESTAMP, null, TypeCodecs.TIMESTAMP.encode(at, ProtocolVersion.DEFAULT));
            assertThat(json).matches("\"\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\"");
            assertThat(RECORDS.values("{\"tenant\":\"acme\",\"id\":\"" + ID + "\",\"tags\":[],\"created_at\":" + json + ",\"version\":1}")[3])
                    .as(instant).isEqualTo(at);
        }
        assertThat(written(RowJson.Kind.TIMESTAMP, null, TypeCodecs.TIMESTAMP.encode(Instant.parse("2025-01-31T12:00:00.250Z"), ProtocolVersion.DEFAULT)))
                .isEqualTo("\"2025-01-31 12:00:00.250Z\"");
        // Outside years 1-9999 the formatter writes it (a sign, more digits) rather than four digits that would lie.
        assertThat(written(RowJson.Kind.TIMESTAMP, null, TypeCodecs.TIMESTAMP.encode(Instant.parse("+12025-01-01T00:00:00Z"), ProtocolVersion.DEFAULT)))
                .isEqualTo("\"+12025-01-01 00:00:00.000Z\"");
    }

    @Test
    void refusesAColumnTypeItCannotWriteExactly() {
        assertThatThrownBy(() -> new RowJson(List.of("id", "amount"), List.of(DataTypes.UUID, DataTypes.DECIMAL)))
                .hasMessage("column amount of type decimal is not one the archiver can write");
    }

    @Test
    void aRowIsParsedFieldByFieldIntoTheDriversTypes() {
        Object[] values = RECORDS.values("{\"tenant\":\"acme\",\"id\":\"" + ID + "\",\"tags\":[\"a\",\"b\"],"
                + "\"created_at\":\"2025-01-31 12:00:00.250Z\",\"version\":3}");
        assertThat(values).containsExactly("acme", UUID.fromString(ID), Set.of("a", "b"), Instant.parse("2025-01-31T12:00:00.250Z"), 3);
        assertThat(RECORDS.values("{\"tenant\":\"acme\",\"id\":\"" + ID + "\",\"tags\":null,\"created_at\":null,\"version\":null}"))
                .containsExactly("acme", UUID.fromString(ID), null, null, null);
    }

    @Test
    void aFieldNamedTwiceUnknownMisspeltOrMissingIsRefused() {
        String rest = ",\"id\":\"" + ID + "\",\"tags\":[],\"created_at\":null,\"version\":1}";
        assertThatThrownBy(() -> RECORDS.values("{\"tenant\":\"acme\",\"tenant\":\"globex\"" + rest))
                .hasMessageStartingWith("not a JSON row: Duplicate field 'tenant'");
        assertThatThrownBy(() -> RECORDS.values("{\"TENANT\":\"globex\"" + rest))
                .hasMessage("it has no column tenant (fields are [TENANT, id, tags, created_at, version])");
        assertThatThrownBy(() -> RECORDS.values("{\"tenant\":\"acme\",\"extra\":1" + rest))
                .hasMessage("it has 6 fields, the table 5 columns");
        assertThatThrownBy(() -> RECORDS.values("{\"tenant\":\"acme\"}"))
                .hasMessage("it has 1 fields, the table 5 columns");
        assertThatThrownBy(() -> RECORDS.values("{\"tenant\":\"acme\"" + rest + " {}"))
                .hasMessageStartingWith("not a JSON row");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNotCoerced() {
        assertThatThrownBy(() -> RECORDS.values("{\"tenant\":[\"acme\"],\"id\":\"" + ID + "\",\"tags\":[],\"created_at\":null,\"version\":1}"))
                .hasMessage("column tenant is not a text: ARRAY");
        assertThatThrownBy(() -> RECORDS.values("{\"tenant\":\"acme\",\"id\":\"" + UUID.randomUUID() + "\",\"tags\":[],\"created_at\":null,\"version\":1}"))
                .hasMessage("column id is not a timeuuid: not a time-based UUID");
        assertThatThrownBy(() -> RECORDS.values("{\"tenant\":\"acme\",\"id\":\"" + ID + "\",\"tags\":[],\"created_at\":null,\"version\":\"1\"}"))
                .hasMessage("column version is not a int: STRING");
        assertThatThrownBy(() -> RECORDS.values("{\"tenant\":\"acme\",\"id\":\"" + ID + "\",\"tags\":[],\"created_at\":null,\"version\":9999999999}"))
                .hasMessage("column version is not a int: 9999999999 is out of range");
    }
}
