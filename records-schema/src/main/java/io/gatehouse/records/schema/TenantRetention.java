package io.gatehouse.records.schema;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.time.Instant;

/**
 * How long a tenant's records stay in Cassandra before the cleanup job archives them: the tenant's own setting, which its
 * admins change through the API, else the deployment's default. The API and the cleanup job read it through this class
 * alone, so both always agree on which records are due.
 */
public final class TenantRetention {
    public static final int DEFAULT_DAYS = 365;
    public static final int MIN_DAYS = 30;
    public static final int MAX_DAYS = 3650;
    private final CqlSession session;
    private final int defaultDays;
    private final PreparedStatement read;
    private final PreparedStatement write;

    /** @param defaultDays the retention of tenants that set none ({@link #DEFAULT_DAYS} unless configured) */
    public TenantRetention(CqlSession session, int defaultDays) {
        this.session = session;
        this.defaultDays = defaultDays;
        this.read = session.prepare("SELECT retention_days FROM " + RecordsSchema.TENANT_SETTINGS + " WHERE tenant = ?");
        this.write = session.prepare("UPDATE " + RecordsSchema.TENANT_SETTINGS
                + " SET retention_days = ?, updated_at = ?, updated_by = ? WHERE tenant = ?");
    }

    public int days(String tenant) {
        Row row = session.execute(read.bind(tenant).setIdempotent(true)).one();
        return row == null || row.isNull(0) ? defaultDays : row.getInt(0);
    }

    public void set(String tenant, int days, String changedBy) {
        session.execute(write.bind(days, Instant.now(), changedBy, tenant).setIdempotent(true));
    }
}
