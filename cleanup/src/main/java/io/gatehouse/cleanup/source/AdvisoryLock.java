package io.gatehouse.cleanup.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A lease in PostgreSQL: a session-level advisory lock on a connection kept open for the run. PostgreSQL releases it
 * when the connection ends, so a crashed run frees it at once.
 */
final class AdvisoryLock implements Lease {
    private final Connection connection;

    private AdvisoryLock(Connection connection) {
        this.connection = connection;
    }

    static Lease take(Connection connection, String name) {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, "gatehouse-cleanup:" + name);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    connection.close();
                    throw new LeaseUnavailableException(name, "a PostgreSQL session");
                }
            }
            return new AdvisoryLock(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the lease on " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean held() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing the session releases the lock either way
        }
    }
}
