package io.gatehouse.app.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** How long a tenant's records stay in Cassandra before the cleanup job archives them. */
public record Retention(@NotNull @Min(MIN_DAYS) @Max(MAX_DAYS) Integer days) {
    public static final int MIN_DAYS = 30;
    public static final int MAX_DAYS = 3650;
}
