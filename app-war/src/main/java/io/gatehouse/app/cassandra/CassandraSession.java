package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import io.gatehouse.records.schema.ContactPoints;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.logging.Logger;

/**
 * The one driver session of the application. It is opened when the application starts, on a thread of its own that
 * also brings the schema up to date ({@link Schema}) and keeps trying while Cassandra is unreachable; until then
 * {@link #get()} fails at once with {@link NotConnectedYet} (a 503 for the caller, "down" for readiness) instead of
 * making requests and health probes queue behind a connection attempt. Driver tuning lives in application.conf.
 */
@ApplicationScoped
public class CassandraSession {
    private static final Logger LOG = Logger.getLogger(CassandraSession.class.getName());
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long MAX_RETRY_MILLIS = 10_000;
    private final List<InetSocketAddress> contactPoints;
    private final String localDatacenter;
    private final Schema schema;
    private volatile CqlSession session;
    private volatile String lastFailure = "not tried yet";
    private volatile Thread connector;

    @Inject
    public CassandraSession(@ConfigProperty(name = "gatehouse.cassandra.contact-points") String contactPoints,
                            @ConfigProperty(name = "gatehouse.cassandra.local-datacenter") String localDatacenter,
                            Schema schema) {
        this.contactPoints = ContactPoints.parse("gatehouse.cassandra.contact-points", contactPoints);
        this.localDatacenter = localDatacenter;
        this.schema = schema;
    }

    /** For CDI's proxy only. */
    protected CassandraSession() {
        this.contactPoints = List.of();
        this.localDatacenter = null;
        this.schema = null;
    }

    /** Starts connecting as soon as the application is deployed. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        Thread thread = new Thread(this::connectUntilDone, "gatehouse-cassandra-connect");
        thread.setDaemon(true);
        connector = thread;
        thread.start();
    }

    /** The connected session with the schema in place; throws {@link NotConnectedYet} while there is none. */
    public CqlSession get() {
        CqlSession current = session;
        if (current == null) {
            throw new NotConnectedYet("Cassandra at " + contactPoints + " is not connected yet: " + lastFailure);
        }
        return current;
    }

    /**
     * Whether requests can be served: connected, and the driver holds an open connection to a node it sees up. Read
     * from the driver's own node states, so a readiness probe never waits on Cassandra.
     */
    public boolean ready() {
        CqlSession current = session;
        return current != null && current.getMetadata().getNodes().values().stream()
                .anyMatch(node -> node.getState() == NodeState.UP && node.getOpenConnections() > 0);
    }

    private void connectUntilDone() {
        long wait = FIRST_RETRY_MILLIS;
        while (session == null && !Thread.currentThread().isInterrupted()) {
            try {
                session = connect();
                LOG.info(() -> "connected to Cassandra at " + contactPoints + ", records schema at version " + schema.version());
                return;
            } catch (RuntimeException e) {
                lastFailure = e.getMessage();
                long nextTry = wait;
                LOG.warning(() -> "cannot use Cassandra at " + contactPoints + " yet (next try in " + nextTry / 1000.0 + " s): " + e.getMessage());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return;
            }
            wait = Math.min(MAX_RETRY_MILLIS, wait * 2);
        }
    }

    private CqlSession connect() {
        CqlSession connected = CqlSession.builder()
                .addContactPoints(contactPoints)
                .withLocalDatacenter(localDatacenter)
                // The driver reads application.conf through this loader; Liberty's thread context loader is not the app's.
                .withClassLoader(CassandraSession.class.getClassLoader())
                .build();
        try {
            schema.migrate(connected);
            return connected;
        } catch (RuntimeException e) {
            connected.close();
            throw e;
        }
    }

    @PreDestroy
    void close() {
        Thread thread = connector;
        if (thread != null) {
            thread.interrupt();
        }
        CqlSession current = session;
        if (current != null) {
            current.close();
        }
    }

    /** No session yet: a driver error, so callers answer it as they answer Cassandra being down (503). */
    public static final class NotConnectedYet extends DriverException {
        private static final long serialVersionUID = 1L;

        NotConnectedYet(String message) {
            super(message, null, null, true);
        }

        @Override
        public DriverException copy() {
            return new NotConnectedYet(getMessage());
        }
    }
}
