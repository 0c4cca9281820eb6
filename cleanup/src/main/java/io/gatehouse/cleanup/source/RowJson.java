package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * A Cassandra row as the JSON object {@code INSERT ... JSON} takes back, built on the client: Cassandra's own
 * {@code toJson} per column costs the server about a third of its read throughput. Timestamps are written the way
 * Cassandra writes them ({@code 2025-01-31 12:00:00.000Z}); a column type not listed here is refused at start. Restore
 * reads rows back through {@link #values}, which parses each field into its type.
 */
final class RowJson {
    /** Milliseconds as a plain number: the pattern letter "SSS" formats through BigDecimal, a third of the job's CPU. */
    private static final DateTimeFormatter CASSANDRA_TIMESTAMP = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss.")
            .appendValue(ChronoField.MILLI_OF_SECOND, 3).appendLiteral('Z').toFormatter().withZone(ZoneOffset.UTC);
    private static final long DAY_MILLIS = 86_400_000L;
    /** A field named twice is refused, not resolved in favour of one of them. */
    static final ObjectMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final List<DataType> TEXT = List.of(DataTypes.TEXT, DataTypes.ASCII, DataTypes.UUID, DataTypes.TIMEUUID);
    private static final List<DataType> NUMBERS = List.of(DataTypes.INT, DataTypes.BIGINT, DataTypes.SMALLINT, DataTypes.TINYINT,
            DataTypes.DOUBLE, DataTypes.FLOAT, DataTypes.BOOLEAN);

    /** How a column's value is written, decided once per column rather than once per value. */
    enum Kind { TEXT, UUID, TIMESTAMP, NUMBER, COLLECTION }

    private final List<String> names;
    private final List<DataType> types;
    private final Kind[] kinds;
    private final Kind[] elementKinds;
    /** {@code "name":} per column, as UTF-8. */
    private final byte[][] fieldPrefixes;

    RowJson(List<String> names, List<DataType> types) {
        this.kinds = new Kind[types.size()];
        this.elementKinds = new Kind[types.size()];
        this.fieldPrefixes = new byte[types.size()][];
        for (int i = 0; i < types.size(); i++) {
            if (!supported(types.get(i))) {
                throw new IllegalStateException("column " + names.get(i) + " of type " + types.get(i).asCql(true, true)
                        + " is not one the archiver can write");
            }
            kinds[i] = kind(types.get(i));
            if (types.get(i) instanceof SetType set) {
                elementKinds[i] = kind(set.getElementType());
            } else if (types.get(i) instanceof ListType list) {
                elementKinds[i] = kind(list.getElementType());
            }
            fieldPrefixes[i] = ("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(names.get(i))) + "\":")
                    .getBytes(StandardCharsets.UTF_8);
        }
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
    }

    static Kind kind(DataType type) {
        if (type instanceof SetType || type instanceof ListType) {
            return Kind.COLLECTION;
        }
        if (type.equals(DataTypes.UUID) || type.equals(DataTypes.TIMEUUID)) {
            return Kind.UUID;
        }
        if (type.equals(DataTypes.TIMESTAMP)) {
            return Kind.TIMESTAMP;
        }
        return NUMBERS.contains(type) ? Kind.NUMBER : Kind.TEXT;
    }

    private static boolean supported(DataType type) {
        if (type instanceof SetType set) {
            return TEXT.contains(set.getElementType());
        }
        if (type instanceof ListType list) {
            return TEXT.contains(list.getElementType());
        }
        return TEXT.contains(type) || NUMBERS.contains(type) || type.equals(DataTypes.TIMESTAMP);
    }

    /** Appends the row's first {@code names.size()} columns as one JSON object. */
    void append(Row row, JsonLine out) {
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(fieldPrefixes[i]);
            ByteBuffer raw = row.getBytesUnsafe(i);
            if (raw == null) {
                out.appendAscii("null");
            } else if (kinds[i] == Kind.NUMBER) {
                out.appendAscii(row.getObject(i).toString());
            } else {
                appendValue(kinds[i], elementKinds[i], raw, out);
            }
        }
        out.append('}');
    }

    /**
     * A value in Cassandra's serialized form (what the driver received) as JSON: text and UUIDs straight from their
     * bytes, a collection as {@code [count][length][element]...} of 32-bit big-endian integers (protocol v3 and later).
     */
    static void appendValue(Kind kind, Kind elementKind, ByteBuffer raw, JsonLine out) {
        switch (kind) {
            case TEXT -> out.appendQuoted(raw, raw.position(), raw.limit());
            case UUID -> out.appendUuid(raw, raw.position());
            case TIMESTAMP -> appendTimestamp(raw.getLong(raw.position()), out);
            case COLLECTION -> {
                int at = raw.position();
                int count = raw.getInt(at);
                at += 4;
                out.append('[');
                for (int element = 0; element < count; element++) {
                    if (element > 0) {
                        out.append(',');
                    }
                    int size = raw.getInt(at);
                    at += 4;
                    if (elementKind == Kind.UUID) {
                        out.appendUuid(raw, at);
                    } else {
                        out.appendQuoted(raw, at, at + size);
                    }
                    at += size;
                }
                out.append(']');
            }
            default -> throw new IllegalStateException("not a serialized kind: " + kind);
        }
    }

    /** As {@link #CASSANDRA_TIMESTAMP} writes it, from its fields; a year outside 1-9999 goes through the formatter. */
    static void appendTimestamp(long millis, JsonLine out) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(millis, DAY_MILLIS));
        if (date.getYear() < 1 || date.getYear() > 9999) {
            out.append('"');
            out.appendAscii(CASSANDRA_TIMESTAMP.format(Instant.ofEpochMilli(millis)));
            out.append('"');
            return;
        }
        int ofDay = (int) Math.floorMod(millis, DAY_MILLIS);
        out.append('"');
        out.appendDigits(date.getYear(), 4);
        out.append('-');
        out.appendDigits(date.getMonthValue(), 2);
        out.append('-');
        out.appendDigits(date.getDayOfMonth(), 2);
        out.append(' ');
        out.appendDigits(ofDay / 3_600_000, 2);
        out.append(':');
        out.appendDigits(ofDay / 60_000 % 60, 2);
        out.append(':');
        out.appendDigits(ofDay / 1000 % 60, 2);
        out.append('.');
        out.appendDigits(ofDay % 1000, 3);
        out.append('Z');
        out.append('"');
    }

    /**
     * The column values of one archived row, parsed field by field into the driver's types, in column order. The row
     * must name every column exactly once and nothing else (names are case-sensitive): a row is rebuilt from what was
     * parsed, never handed to Cassandra as text.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    Object[] values(String line) {
        JsonNode row;
        try {
            row = STRICT.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON row: " + e.getOriginalMessage());
        }
        if (row == null || !row.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (row.size() != names.size()) {
            throw new IllegalArgumentException("it has " + row.size() + " fields, the table " + names.size() + " columns");
        }
        Object[] values = new Object[names.size()];
        for (int i = 0; i < names.size(); i++) {
            JsonNode value = row.get(names.get(i));
            if (value == null) {
                throw new IllegalArgumentException("it has no column " + names.get(i) + " (fields are " + fieldNames(row) + ")");
            }
            try {
                values[i] = value.isNull() ? null : parse(types.get(i), value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("column " + names.get(i) + " is not a " + types.get(i).asCql(true, true) + ": " + e.getMessage());
            }
        }
        return values;
    }

    private static Object parse(DataType type, JsonNode value) {
        if (type instanceof SetType set) {
            return new LinkedHashSet<>(elements(set.getElementType(), value));
        }
        if (type instanceof ListType list) {
            return elements(list.getElementType(), value);
        }
        if (type.equals(DataTypes.TIMESTAMP)) {
            return CASSANDRA_TIMESTAMP.parse(text(value), Instant::from);
        }
        if (type.equals(DataTypes.UUID) || type.equals(DataTypes.TIMEUUID)) {
            UUID id = UUID.fromString(text(value));
            if (type.equals(DataTypes.TIMEUUID) && id.version() != 1) {
                throw new IllegalArgumentException("not a time-based UUID");
            }
            return id;
        }
        if (type.equals(DataTypes.TEXT) || type.equals(DataTypes.ASCII)) {
            return text(value);
        }
        if (type.equals(DataTypes.BOOLEAN)) {
            if (!value.isBoolean()) {
                throw new IllegalArgumentException(value.getNodeType().toString());
            }
            return value.booleanValue();
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(value.getNodeType().toString());
        }
        if (type.equals(DataTypes.DOUBLE)) {
            return value.doubleValue();
        }
        if (type.equals(DataTypes.FLOAT)) {
            return value.floatValue();
        }
        long whole = value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : Long.MIN_VALUE;
        if (type.equals(DataTypes.BIGINT) && whole != Long.MIN_VALUE) {
            return whole;
        }
        if (type.equals(DataTypes.INT) && whole >= Integer.MIN_VALUE && whole <= Integer.MAX_VALUE) {
            return (int) whole;
        }
        if (type.equals(DataTypes.SMALLINT) && whole >= Short.MIN_VALUE && whole <= Short.MAX_VALUE) {
            return (short) whole;
        }
        if (type.equals(DataTypes.TINYINT) && whole >= Byte.MIN_VALUE && whole <= Byte.MAX_VALUE) {
            return (byte) whole;
        }
        throw new IllegalArgumentException(value + " is out of range");
    }

    private static List<Object> elements(DataType elementType, JsonNode value) {
        if (!value.isArray()) {
            throw new IllegalArgumentException(value.getNodeType().toString());
        }
        List<Object> elements = new ArrayList<>();
        value.forEach(element -> elements.add(parse(elementType, element)));
        return elements;
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException(value.getNodeType().toString());
        }
        return value.textValue();
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> fields = new ArrayList<>();
        row.fieldNames().forEachRemaining(fields::add);
        return fields;
    }
}
