package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.type.DataTypes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowJsonTest {
    @Test
    void refusesAColumnTypeItCannotWriteExactly() {
        assertThatThrownBy(() -> new RowJson(List.of("id", "amount"), List.of(DataTypes.UUID, DataTypes.DECIMAL)))
                .hasMessage("column amount of type decimal is not one the archiver can write");
    }
}
