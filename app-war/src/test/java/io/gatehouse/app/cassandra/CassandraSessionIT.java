package io.gatehouse.app.cassandra;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API's session against a real Cassandra that is not there yet, then there, then gone and back: callers are
 * refused at once while there is no session, and readiness follows the driver's view of the node.
 */
@WithStack(Component.CASSANDRA)
class CassandraSessionIT {

    @Test
    void connectsInTheBackgroundOnceCassandraAnswersAndReadinessFollowsTheNode(Stack stack) throws Exception {
        stack.stop(Component.CASSANDRA);
        String address = stack.cassandraAddress().getHostString() + ":" + stack.cassandraAddress().getPort();
        CassandraSession cassandra = new CassandraSession(address, stack.config().cassandraDatacenter(), new Schema(1));
        try {
            cassandra.onStart(null);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(cassandra::get).isInstanceOf(CassandraSession.NotConnectedYet.class)
                        .hasMessageContaining("is not connected yet");
                assertThat(cassandra.ready()).isFalse();
                Thread.sleep(500);
            }

            stack.start(EnumSet.of(Component.CASSANDRA));
            awaitUntil(cassandra::ready, "ready once Cassandra is up");
            assertThat(cassandra.get().execute("SELECT release_version FROM system.local").one()).isNotNull();

            stack.stop(Component.CASSANDRA);
            awaitUntil(() -> !cassandra.ready(), "not ready once the node is gone");

            stack.start(EnumSet.of(Component.CASSANDRA));
            awaitUntil(cassandra::ready, "ready again after the driver reconnects");
        } finally {
            cassandra.close();
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
