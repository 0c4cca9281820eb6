package io.gatehouse.app.admin;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.gatehouse.app.cassandra.CassandraSession;
import io.gatehouse.records.schema.RecordsSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;

/** A tenant's settings in Cassandra: one small partition per tenant. */
@ApplicationScoped
public class CassandraTenantSettings {
    private final CassandraSession cassandra;
    private final int defaultRetentionDays;
    private volatile PreparedStatement read;
    private volatile PreparedStatement write;

    @Inject
    public CassandraTenantSettings(CassandraSession cassandra,
                                   @ConfigProperty(name = "gatehouse.retention.default-days", defaultValue = "365") int defaultRetentionDays) {
        this.cassandra = cassandra;
        this.defaultRetentionDays = defaultRetentionDays;
    }

    /** For CDI's proxy only. */
    protected CassandraTenantSettings() {
        this.cassandra = null;
        this.defaultRetentionDays = 0;
    }

    public Retention retention(String tenant) {
        if (read == null) {
            read = cassandra.get().prepare("SELECT retention_days FROM " + RecordsSchema.TENANT_SETTINGS + " WHERE tenant = ?");
        }
        Row row = cassandra.get().execute(read.bind(tenant).setIdempotent(true)).one();
        return new Retention(row == null || row.isNull("retention_days") ? defaultRetentionDays : row.getInt("retention_days"));
    }

    public void setRetention(String tenant, Retention retention, String changedBy) {
        if (write == null) {
            write = cassandra.get().prepare("UPDATE " + RecordsSchema.TENANT_SETTINGS
                    + " SET retention_days = ?, updated_at = ?, updated_by = ? WHERE tenant = ?");
        }
        cassandra.get().execute(write.bind(retention.days(), Instant.now(), changedBy, tenant).setIdempotent(true));
    }
}
