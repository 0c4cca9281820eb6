package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.gatehouse.records.schema.RecordsSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Puts the records schema ({@link RecordsSchema}, shared with the cleanup job) in place on first connection. */
@ApplicationScoped
public class Schema {
    private final int replicationFactor;

    @Inject
    public Schema(@ConfigProperty(name = "gatehouse.cassandra.replication-factor", defaultValue = "1") int replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    /** For CDI's proxy only. */
    protected Schema() {
        this.replicationFactor = 1;
    }

    public void apply(CqlSession session) {
        RecordsSchema.apply(session, replicationFactor);
    }
}
