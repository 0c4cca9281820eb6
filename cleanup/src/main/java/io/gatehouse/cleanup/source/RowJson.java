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

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collection;
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
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
    /** A field named twice is refused, not resolved in favour of one of them. */
    static final ObjectMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final List<DataType> TEXT = List.of(DataTypes.TEXT, DataTypes.ASCII, DataTypes.UUID, DataTypes.TIMEUUID);
    private static final List<DataType> NUMBERS = List.of(DataTypes.INT, DataTypes.BIGINT, DataTypes.SMALLINT, DataTypes.TINYINT,
            DataTypes.DOUBLE, DataTypes.FLOAT, DataTypes.BOOLEAN);

    private final List<String> names;
    private final List<DataType> types;

    RowJson(List<String> names, List<DataType> types) {
        for (int i = 0; i < types.size(); i++) {
            if (!supported(types.get(i))) {
                throw new IllegalStateException("column " + names.get(i) + " of type " + types.get(i).asCql(true, true)
                        + " is not one the archiver can write");
            }
        }
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
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
    void append(Row row, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(names.get(i)).append("\":");
            DataType type = types.get(i);
            if (row.isNull(i)) {
                out.append("null");
            } else if (type.equals(DataTypes.TIMESTAMP)) {
                quoted(CASSANDRA_TIMESTAMP.format(row.getInstant(i)), out);
            } else if (type instanceof SetType || type instanceof ListType) {
                out.append('[');
                boolean first = true;
                for (Object element : (Collection<?>) row.getObject(i)) {
                    if (!first) {
                        out.append(',');
                    }
                    quoted(element.toString(), out);
                    first = false;
                }
                out.append(']');
            } else if (NUMBERS.contains(type)) {
                out.append(row.getObject(i));
            } else {
                quoted(row.getObject(i).toString(), out);
            }
        }
        out.append('}');
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

    private static void quoted(String text, StringBuilder out) {
        // The char[] form copies in bulk; the StringBuilder form appends char by char.
        out.append('"').append(ENCODER.quoteAsString(text)).append('"');
    }
}
