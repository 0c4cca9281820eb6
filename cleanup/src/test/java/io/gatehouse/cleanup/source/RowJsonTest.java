package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.type.DataTypes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowJsonTest {
    private static final RowJson RECORDS = new RowJson(List.of("tenant", "id", "tags", "created_at", "version"),
            List.of(DataTypes.TEXT, DataTypes.TIMEUUID, DataTypes.setOf(DataTypes.TEXT), DataTypes.TIMESTAMP, DataTypes.INT));
    private static final String ID = "6a1f2b2e-1f0a-11f0-8de9-0242ac120002";

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
