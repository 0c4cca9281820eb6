package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.CqlSession;
import io.gatehouse.cleanup.source.KeycloakEventsSource;
import io.gatehouse.cleanup.source.RecordsSource;
import io.gatehouse.cleanup.source.Source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The sources a command names, connected on first use only (an events-only run never needs Cassandra). */
final class Sources implements AutoCloseable {
    static final List<String> NAMES = List.of(RecordsSource.NAME, KeycloakEventsSource.LOGIN_EVENTS, KeycloakEventsSource.ADMIN_EVENTS);

    private final Connections connections;
    private CqlSession cassandra;

    Sources(Connections connections) {
        this.connections = connections;
    }

    /** Checks names given on the command line; none means all. */
    static List<String> parse(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return NAMES;
        }
        List<String> names = new ArrayList<>();
        for (String name : requested) {
            if (!NAMES.contains(name)) {
                throw new Usage("unknown source '" + name + "' (known: " + String.join(", ", NAMES) + ")");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    Source get(String name) {
        return switch (name) {
            case RecordsSource.NAME -> records();
            case KeycloakEventsSource.LOGIN_EVENTS -> KeycloakEventsSource.loginEvents(connections::postgres);
            case KeycloakEventsSource.ADMIN_EVENTS -> KeycloakEventsSource.adminEvents(connections::postgres);
            default -> throw new Usage("unknown source '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
    }

    private RecordsSource records() {
        if (cassandra == null) {
            cassandra = connections.cassandra();
        }
        return new RecordsSource(cassandra, connections.defaultRetentionDays, Duration.ofSeconds(connections.leaseSeconds));
    }

    @Override
    public void close() {
        if (cassandra != null) {
            cassandra.close();
        }
    }
}
