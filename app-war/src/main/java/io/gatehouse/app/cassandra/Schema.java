package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.gatehouse.records.schema.SchemaMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.logging.Logger;

/**
 * The API owns the records schema ({@link SchemaMigrations}, shared with the cleanup job): it applies pending steps
 * once, when it first connects at start-up; of several API servers starting together, one migrates and the others wait.
 */
@ApplicationScoped
public class Schema {
    private static final Logger LOG = Logger.getLogger(Schema.class.getName());
    private final SchemaMigrations migrations;

    @Inject
    public Schema(@ConfigProperty(name = "gatehouse.cassandra.replication-factor", defaultValue = "1") int replicationFactor) {
        this.migrations = new SchemaMigrations(replicationFactor);
    }

    /** For CDI's proxy only. */
    protected Schema() {
        this.migrations = null;
    }

    public void migrate(CqlSession session) {
        List<Integer> applied = migrations.migrate(session, "api " + ManagementFactory.getRuntimeMXBean().getName(), LOG::info);
        if (!applied.isEmpty()) {
            LOG.info(() -> "records schema migrated: applied " + applied);
        }
    }

    public int version() {
        return SchemaMigrations.latest();
    }
}
