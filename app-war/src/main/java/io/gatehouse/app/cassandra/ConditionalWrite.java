package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.BusyConnectionException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A lightweight transaction ({@code IF ...}) tried again when its outcome is unknown. Such a write is not idempotent
 * (a second try of a change that did apply is refused), so the driver never retries it; yet a coordinator that dies,
 * or a Paxos round that times out, leaves the caller unsure whether it applied. This tries it again, on whatever
 * coordinator the driver picks next, and when a later try is refused asks the caller whether the refusal shows an
 * earlier try of its own applied (a later try's condition sees the committed round: Paxos finishes an in-progress
 * round before it answers). Tries that contend for one partition's Paxos round are spread apart by random pauses. A
 * loss of one Cassandra node thus costs the user a slower answer, not an error.
 */
public final class ConditionalWrite {
    private static final Logger LOG = Logger.getLogger(ConditionalWrite.class.getName());
    /** The first try and three more: enough to step past a dead coordinator and a few contended Paxos rounds. */
    static final int ATTEMPTS = 4;
    /**
     * Longer than a read's 2 s: a Paxos round takes four round trips and, contended, Cassandra retries it itself for up
     * to its cas_contention_timeout; a client that gives up first turns a change that would have applied into an error.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(6);
    /**
     * No further try once this much has passed: every try may wait out its whole timeout while a dead node is not yet
     * convicted by gossip (10-20 s), so the budget lets all of them run (a 12 s budget failed a user's update in CI).
     */
    private static final Duration BUDGET = TIMEOUT.multipliedBy(ATTEMPTS);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final List<Class<? extends DriverException>> OUTCOME_UNKNOWN = List.of(
            QueryConsistencyException.class, CASWriteUnknownException.class, UnavailableException.class, OverloadedException.class,
            BootstrappingException.class, ClosedConnectionException.class, HeartbeatException.class, BusyConnectionException.class,
            DriverTimeoutException.class, AllNodesFailedException.class);

    /** What the transaction ended as: applied (by some try of this caller), or refused with the row as it is. */
    public record Outcome(boolean applied, Row current) {
    }

    private ConditionalWrite() {
    }

    /**
     * @param execute runs the statement (the session's execute)
     * @param earlierTryApplied given the row a later try was refused with, whether that refusal is an earlier try's own
     *                          change (asked only after a try whose outcome was unknown)
     */
    public static Outcome execute(Function<Statement<?>, ResultSet> execute, Statement<?> statement, Predicate<Row> earlierTryApplied) {
        Statement<?> timed = statement.setTimeout(TIMEOUT);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        DriverException unknown = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                ResultSet result = execute.apply(timed);
                boolean applied = result.wasApplied(); // before one(): it reads the first row without consuming it
                Row current = result.one();
                if (applied) {
                    return new Outcome(true, current);
                }
                return new Outcome(unknown != null && earlierTryApplied.test(current), current);
            } catch (DriverException e) {
                if (OUTCOME_UNKNOWN.stream().noneMatch(type -> type.isInstance(e))) {
                    throw e;
                }
                unknown = e;
                // An operator's clue to what a node loss costs; the cause tells a dead node from a broken connection.
                LOG.log(Level.INFO, "conditional write: try {0} of {1}: outcome unknown ({2}{3})",
                        new Object[]{attempt, ATTEMPTS, e, e.getCause() == null ? "" : ", caused by " + e.getCause()});
                if (System.nanoTime() > deadline) {
                    break;
                }
                pause(attempt);
            }
        }
        throw unknown;
    }

    /** Exponential with full jitter, so that two requests contending for one partition's Paxos round fall apart. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(FIRST_PAUSE_MILLIS << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between tries of a conditional write", e);
        }
    }
}
