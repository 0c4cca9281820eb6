package io.gatehouse.records.schema;

import com.datastax.oss.driver.api.core.uuid.Uuids;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;

/** The month partition a record lives in, derived from its time-based id (UTC), e.g. {@code 2026-11}. */
public final class MonthBucket {
    private MonthBucket() {
    }

    public static String of(UUID timeBasedId) {
        return YearMonth.from(Instant.ofEpochMilli(Uuids.unixTimestamp(timeBasedId)).atZone(ZoneOffset.UTC)).toString();
    }
}
