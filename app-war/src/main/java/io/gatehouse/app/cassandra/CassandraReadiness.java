package io.gatehouse.app.cassandra;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the driver has a live connection, so a load balancer sends no traffic that would fail with 503.
 * It reads the driver's state and never queries: a probe cannot queue behind an unreachable Cassandra.
 */
@Readiness
@ApplicationScoped
public class CassandraReadiness implements HealthCheck {
    private final CassandraSession cassandra;

    @Inject
    public CassandraReadiness(CassandraSession cassandra) {
        this.cassandra = cassandra;
    }

    /** For CDI's proxy only. */
    protected CassandraReadiness() {
        this.cassandra = null;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cassandra").status(cassandra.ready()).build();
    }
}
