package io.gatehouse.app.cassandra;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while Cassandra answers, so a load balancer sends no traffic that would fail with 503. */
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
        try {
            cassandra.get().execute("SELECT release_version FROM system.local");
            return HealthCheckResponse.up("cassandra");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("cassandra").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
