package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * The one driver session of the application, connected on first use rather than at deployment, so the
 * server starts while Cassandra is still down and connects by itself once it is up. Driver tuning (timeouts,
 * retries, the schema debounce) lives in application.conf.
 */
@ApplicationScoped
public class CassandraSession {
    private static final Logger LOG = Logger.getLogger(CassandraSession.class.getName());
    private final List<InetSocketAddress> contactPoints;
    private final String localDatacenter;
    private final Schema schema;
    private volatile CqlSession session;

    @Inject
    public CassandraSession(@ConfigProperty(name = "gatehouse.cassandra.contact-points") String contactPoints,
                            @ConfigProperty(name = "gatehouse.cassandra.local-datacenter") String localDatacenter,
                            Schema schema) {
        this.contactPoints = parse(contactPoints);
        this.localDatacenter = localDatacenter;
        this.schema = schema;
    }

    /** For CDI's proxy only. */
    protected CassandraSession() {
        this.contactPoints = List.of();
        this.localDatacenter = null;
        this.schema = null;
    }

    /** The connected session with the schema in place; throws {@link DriverException} while Cassandra is unreachable. */
    public CqlSession get() {
        CqlSession current = session;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (session == null) {
                session = connect();
            }
            return session;
        }
    }

    private CqlSession connect() {
        try {
            CqlSession connected = CqlSession.builder()
                    .addContactPoints(contactPoints)
                    .withLocalDatacenter(localDatacenter)
                    // The driver reads application.conf through this loader; Liberty's thread context loader is not the app's.
                    .withClassLoader(CassandraSession.class.getClassLoader())
                    .build();
            try {
                schema.apply(connected);
            } catch (RuntimeException e) {
                connected.close();
                throw e;
            }
            LOG.info(() -> "connected to Cassandra at " + contactPoints);
            return connected;
        } catch (DriverException e) {
            LOG.warning(() -> "cannot use Cassandra at " + contactPoints + " yet: " + e.getMessage());
            throw e;
        }
    }

    @PreDestroy
    void close() {
        CqlSession current = session;
        if (current != null) {
            current.close();
        }
    }

    static List<InetSocketAddress> parse(String contactPoints) {
        return Arrays.stream(contactPoints.split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(hostPort -> {
                    int colon = hostPort.lastIndexOf(':');
                    if (colon < 0) {
                        throw new IllegalArgumentException("gatehouse.cassandra.contact-points must be host:port[,host:port], got " + contactPoints);
                    }
                    return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
                })
                .toList();
    }
}
