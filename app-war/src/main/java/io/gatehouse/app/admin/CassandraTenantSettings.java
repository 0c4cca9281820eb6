package io.gatehouse.app.admin;

import io.gatehouse.app.cassandra.CassandraSession;
import io.gatehouse.records.schema.TenantRetention;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * A tenant's settings in Cassandra, one small partition per tenant, read and written through records-schema's
 * {@link TenantRetention}, which the cleanup job reads too. Prepared once, on first use (the session connects lazily).
 */
@ApplicationScoped
public class CassandraTenantSettings implements TenantSettings {
    private final CassandraSession cassandra;
    private final int defaultRetentionDays;
    private volatile TenantRetention retention;

    @Inject
    public CassandraTenantSettings(CassandraSession cassandra,
                                   @ConfigProperty(name = "gatehouse.retention.default-days") Optional<Integer> defaultRetentionDays) {
        this.cassandra = cassandra;
        this.defaultRetentionDays = defaultRetentionDays.orElse(TenantRetention.DEFAULT_DAYS);
    }

    /** For CDI's proxy only. */
    protected CassandraTenantSettings() {
        this.cassandra = null;
        this.defaultRetentionDays = 0;
    }

    @Override
    public Retention retention(String tenant) {
        return new Retention(retention().days(tenant));
    }

    @Override
    public void setRetention(String tenant, Retention retention, String changedBy) {
        retention().set(tenant, retention.days(), changedBy);
    }

    private TenantRetention retention() {
        TenantRetention prepared = retention;
        if (prepared == null) {
            prepared = new TenantRetention(cassandra.get(), defaultRetentionDays);
            retention = prepared;
        }
        return prepared;
    }
}
