package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.gatehouse.records.schema.RecordsSchema;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lease in Cassandra: a lightweight transaction inserts the lease row with a TTL only if nobody holds it, and the
 * holder renews it (again conditionally) a third of the way through the TTL. A crashed run's lease expires by itself.
 */
final class CassandraLease implements Lease {
    private static final String TABLE = RecordsSchema.CLEANUP_LEASES;

    private final CqlSession session;
    private final String name;
    private final String holder;
    private final Duration ttl;
    private final ScheduledExecutorService renewer;
    private volatile boolean held = true;
    /** When the last applied write of the lease was sent: its TTL runs from a moment after that. */
    private volatile long renewedAt;

    private CassandraLease(CqlSession session, String name, String holder, Duration ttl, long takenAt) {
        this.renewedAt = takenAt;
        this.session = session;
        this.name = name;
        this.holder = holder;
        this.ttl = ttl;
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1, ttl.toSeconds() / 3);
        renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.SECONDS);
    }

    static Lease take(CqlSession session, String name, String holder, Duration ttl) {
        long sent = System.nanoTime();
        Row row = session.execute(statement("INSERT INTO " + TABLE + " (name, holder) VALUES (?, ?) IF NOT EXISTS USING TTL "
                + ttl.toSeconds(), name, holder)).one();
        if (row == null || !row.getBoolean("[applied]")) {
            throw new LeaseUnavailableException(name, row == null ? "unknown" : row.getString("holder"));
        }
        return new CassandraLease(session, name, holder, ttl, sent);
    }

    private void renew() {
        long sent = System.nanoTime();
        try {
            Row row = session.execute(statement("UPDATE " + TABLE + " USING TTL " + ttl.toSeconds()
                    + " SET holder = ? WHERE name = ? IF holder = ?", holder, name, holder)).one();
            if (row != null && row.getBoolean("[applied]")) {
                renewedAt = sent;
            } else {
                held = false;
            }
        } catch (RuntimeException e) {
            // Outcome unknown: the lease counts as held only until its TTL runs out from the last renewal known.
        }
    }

    private static SimpleStatement statement(String cql, Object... values) {
        return SimpleStatement.newInstance(cql, values).setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL);
    }

    @Override
    public boolean held() {
        return held && System.nanoTime() - renewedAt < ttl.toNanos();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        if (held()) {
            session.execute(statement("DELETE FROM " + TABLE + " WHERE name = ? IF holder = ?", name, holder));
        }
        held = false;
    }
}
