package io.gatehouse.app.revocation;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.gatehouse.app.cassandra.CassandraSession;
import io.gatehouse.records.schema.RecordsSchema;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The sessions and users Keycloak ended, shared by every API server through Cassandra and checked in memory on every
 * request (two map lookups, no I/O). A revocation this server receives counts at once; one another server received
 * counts here after the next poll ({@code gatehouse.revocation.poll-millis}). Entries are kept for
 * {@code gatehouse.revocation.keep-seconds}, which must cover the realm's longest access token lifespan plus the clock
 * skew: after that, every token they could concern has expired anyway. Until the list is read from Cassandra once
 * (at start-up), requests are refused rather than let through unchecked.
 */
@ApplicationScoped
public class RevocationList {
    private static final Logger LOG = Logger.getLogger(RevocationList.class.getName());
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    /** Read again on each poll: another server's clock may run behind ours by this much. */
    private static final Duration CLOCK_OVERLAP = Duration.ofSeconds(5);
    private final CassandraSession cassandra;
    private final Duration keep;
    private final long pollMillis;
    /** sid -> when the entry may go (epoch seconds). */
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();
    /** sub -> sessions that started up to then are over (epoch seconds), and when the entry may go. */
    private final Map<String, long[]> users = new ConcurrentHashMap<>();
    private volatile Statements statements;
    private volatile Instant readUpTo;
    private volatile Poll poll;

    private record Statements(CqlSession session, PreparedStatement insert, PreparedStatement since) {
    }

    @Inject
    public RevocationList(CassandraSession cassandra,
                          @ConfigProperty(name = "gatehouse.revocation.keep-seconds", defaultValue = "900") long keepSeconds,
                          @ConfigProperty(name = "gatehouse.revocation.poll-millis", defaultValue = "500") long pollMillis) {
        if (keepSeconds < 60 || pollMillis < 50) {
            throw new IllegalArgumentException("gatehouse.revocation.keep-seconds must be at least 60 and poll-millis at least 50");
        }
        this.cassandra = cassandra;
        this.keep = Duration.ofSeconds(keepSeconds);
        this.pollMillis = pollMillis;
    }

    /** For CDI's proxy only. */
    protected RevocationList() {
        this.cassandra = null;
        this.keep = null;
        this.pollMillis = 0;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        // Quiet until a first read worked: Cassandra may still be starting, and readiness says so already.
        poll = Poll.start("gatehouse-revocations", pollMillis, () -> {
            readNew();
            forgetExpired();
        }, LOG, "revocations not read from Cassandra (other servers' sign-outs count here once they are)", "revocations read from Cassandra again", true);
    }

    /** Ends the session or user from now on, here at once and on the other servers after their next poll. */
    public void revoke(Revocation revocation) {
        if (revocation.sid() == null && endedSince(revocation.sub(), revocation.at())) {
            return;
        }
        Statements prepared = statements();
        UUID at = Uuids.timeBased();
        prepared.session().execute(prepared.insert().bind(HOUR.format(Instant.ofEpochMilli(Uuids.unixTimestamp(at))), at,
                revocation.sid(), revocation.sub(), revocation.at(), (int) keep.toSeconds()).setIdempotent(true)); // same row, same values
        remember(revocation);
    }

    /** Whether the user's sessions up to {@code at} are already ended (the same admin event read again, by a restarted server). */
    private boolean endedSince(String sub, Instant at) {
        long[] user = users.get(sub);
        return user != null && user[0] >= at.getEpochSecond();
    }

    /**
     * Whether a token of session {@code sid} for user {@code sub}, issued at {@code issuedAt} (epoch seconds), was
     * ended. Throws Cassandra's {@link com.datastax.oss.driver.api.core.DriverException} (a 503) while the list has
     * never been read.
     */
    public boolean isRevoked(String sid, String sub, long issuedAt) {
        if (readUpTo == null) {
            readNew();
        }
        if (sid != null && sessions.containsKey(sid)) {
            return true;
        }
        long[] user = sub == null ? null : users.get(sub);
        return user != null && issuedAt <= user[0];
    }

    /** Reads what was revoked since the last read (at start: in the last keep-seconds), hour partition by hour partition. */
    private synchronized void readNew() {
        Statements prepared = statements();
        Instant now = Instant.now();
        Instant from = readUpTo == null ? now.minus(keep) : readUpTo.minus(CLOCK_OVERLAP);
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); !hour.isAfter(now); hour = hour.plus(Duration.ofHours(1))) {
            for (Row row : prepared.session().execute(prepared.since().bind(HOUR.format(hour), Uuids.startOf(from.toEpochMilli())).setIdempotent(true))) {
                Instant ended = row.getInstant("ended_at");
                remember(new Revocation(row.getString("sid"), row.getString("sub"),
                        ended != null ? ended : Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid("at")))));
            }
        }
        readUpTo = now;
    }

    private void remember(Revocation revocation) {
        long until = revocation.at().plus(keep).getEpochSecond();
        if (revocation.sid() != null) {
            sessions.put(revocation.sid(), until);
        } else {
            users.merge(revocation.sub(), new long[] {revocation.at().getEpochSecond(), until},
                    (old, fresh) -> fresh[0] >= old[0] ? fresh : old);
        }
    }

    private void forgetExpired() {
        long now = Instant.now().getEpochSecond();
        sessions.values().removeIf(until -> until < now);
        users.values().removeIf(entry -> entry[1] < now);
    }

    private Statements statements() {
        Statements prepared = statements;
        if (prepared == null) {
            CqlSession session = cassandra.get();
            prepared = new Statements(session,
                    session.prepare("INSERT INTO " + RecordsSchema.REVOCATIONS + " (hour, at, sid, sub, ended_at) VALUES (?, ?, ?, ?, ?) USING TTL ?"),
                    session.prepare("SELECT at, sid, sub, ended_at FROM " + RecordsSchema.REVOCATIONS + " WHERE hour = ? AND at > ?"));
            statements = prepared;
        }
        return prepared;
    }

    @PreDestroy
    void stop() {
        Poll running = poll;
        if (running != null) {
            running.stop();
        }
    }
}
