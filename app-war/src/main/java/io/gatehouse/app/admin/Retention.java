package io.gatehouse.app.admin;

import io.gatehouse.records.schema.TenantRetention;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** How long a tenant's records stay in Cassandra before the cleanup job archives them. */
public record Retention(@NotNull @Min(TenantRetention.MIN_DAYS) @Max(TenantRetention.MAX_DAYS) Integer days) {
}
