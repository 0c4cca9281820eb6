package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionalWriteTest {
    private static final SimpleStatement UPDATE = SimpleStatement.newInstance("UPDATE t SET v = 2 WHERE k = 1 IF v = 1");
    private final List<Statement<?>> sent = new ArrayList<>();
    private final List<Boolean> asked = new ArrayList<>();

    @Test
    void anAppliedChangeIsDoneAtTheFirstTryWithTheLongerTimeout() {
        ConditionalWrite.Outcome outcome = ConditionalWrite.execute(answers(result(true)), UPDATE, this::earlierApplied);

        assertThat(outcome.applied()).isTrue();
        assertThat(sent).singleElement().satisfies(statement -> assertThat(statement.getTimeout()).isEqualTo(ConditionalWrite.TIMEOUT));
        assertThat(asked).isEmpty();
    }

    @Test
    void aRefusalAtTheFirstTryIsARefusalWithoutAsking() {
        assertThat(ConditionalWrite.execute(answers(result(false)), UPDATE, this::earlierApplied).applied()).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void aRefusalAfterAnUnknownOutcomeIsTheCallersToJudge() {
        assertThat(ConditionalWrite.execute(answers(new DriverTimeoutException("timed out"), result(false)), UPDATE, row -> answer(true)).applied())
                .as("the earlier try applied").isTrue();
        assertThat(ConditionalWrite.execute(answers(new ClosedConnectionException("coordinator gone"), result(false)), UPDATE, row -> answer(false)).applied())
                .as("someone else's change").isFalse();
        assertThat(asked).containsExactly(true, false);
    }

    @Test
    void anErrorThatIsNoUnknownOutcomeIsNotTriedAgain() {
        assertThatThrownBy(() -> ConditionalWrite.execute(answers(new InvalidQueryException(null, "bad"), result(true)), UPDATE, this::earlierApplied))
                .isInstanceOf(InvalidQueryException.class);
        assertThat(sent).hasSize(1);
    }

    @Test
    void triesEndAfterTheLastAttemptWithTheLastError() {
        DriverTimeoutException last = new DriverTimeoutException("still timing out");
        assertThatThrownBy(() -> ConditionalWrite.execute(answers(new DriverTimeoutException("1"), new DriverTimeoutException("2"),
                new DriverTimeoutException("3"), last, result(true)), UPDATE, this::earlierApplied)).isSameAs(last);
        assertThat(sent).hasSize(ConditionalWrite.ATTEMPTS);
    }

    private boolean earlierApplied(Row row) {
        return answer(true);
    }

    private boolean answer(boolean value) {
        asked.add(value);
        return value;
    }

    /** Each call takes the next answer: a result, or an error to throw. */
    private Function<Statement<?>, ResultSet> answers(Object... answers) {
        Iterator<Object> next = List.of(answers).iterator();
        return statement -> {
            sent.add(statement);
            Object answer = next.next();
            if (answer instanceof RuntimeException error) {
                throw error;
            }
            return (ResultSet) answer;
        };
    }

    /** A result of a conditional write with no row (the test's callers judge without one). */
    private static ResultSet result(boolean applied) {
        return new ResultSet() {
            @Override
            public ColumnDefinitions getColumnDefinitions() {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<ExecutionInfo> getExecutionInfos() {
                return List.of();
            }

            @Override
            public boolean isFullyFetched() {
                return true;
            }

            @Override
            public int getAvailableWithoutFetching() {
                return 0;
            }

            @Override
            public boolean wasApplied() {
                return applied;
            }

            @Override
            public Iterator<Row> iterator() {
                return Collections.emptyIterator();
            }
        };
    }
}
