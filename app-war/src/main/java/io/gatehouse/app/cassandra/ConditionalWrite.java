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

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A lightweight transaction ({@code IF ...}) tried again when its outcome is unknown. Such a write is not idempotent
 * (a second try of a change that did apply is refused), so the driver never retries it; yet a coordinator that dies,
 * or a Paxos round that times out, leaves the caller unsure whether it applied. This tries it again, on whatever
 * coordinator the driver picks next, and when a later try is refused asks the caller whether the refusal shows an
 * earlier try of its own applied (a later try's condition sees the committed round: Paxos finishes an in-progress
 * round before it answers). A loss of one Cassandra node thus costs the user nothing, not even an error.
 */
public final class ConditionalWrite {
    /** The first try and two more: enough to step past one dead and one slow coordinator. */
    static final int ATTEMPTS = 3;
    private static final long PAUSE_MILLIS = 100;
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
        DriverException unknown = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                ResultSet result = execute.apply(statement);
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
                pause();
            }
        }
        throw unknown;
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between tries of a conditional write", e);
        }
    }
}
