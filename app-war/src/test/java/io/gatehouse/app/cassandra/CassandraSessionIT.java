package io.gatehouse.app.cassandra;

import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API's session against a real Cassandra that cannot be reached yet, then can, then cannot again: callers are
 * refused at once while there is no session, and readiness follows the driver's view of the node. Cassandra is
 * reached through a forwarding port the test opens and closes, so the shared Cassandra itself keeps running.
 */
// The app's other tests' set, so their Cassandra is shared rather than a second one started.
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class CassandraSessionIT {

    @Test
    void connectsInTheBackgroundOnceCassandraAnswersAndReadinessFollowsTheNode(Stack stack) throws Exception {
        int port = TcpForwarder.freePort();
        CassandraSession cassandra = new CassandraSession("127.0.0.1:" + port, CassandraSettings.of(stack.config()).datacenter(), new Schema(1));
        try {
            cassandra.onStart(null);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(cassandra::get).isInstanceOf(CassandraSession.NotConnectedYet.class)
                        .hasMessageContaining("is not connected yet");
                assertThat(cassandra.ready()).isFalse();
                Thread.sleep(500);
            }

            try (TcpForwarder forwarder = TcpForwarder.open(port, stack.server(CassandraServer.class).settings().address())) {
                awaitUntil(cassandra::ready, "ready once Cassandra answers");
                assertThat(cassandra.get().execute("SELECT release_version FROM system.local").one()).isNotNull();
                // v5 loses connections on a lightweight transaction's timeout (application.conf says why).
                assertThat(cassandra.get().getContext().getProtocolVersion()).isEqualTo(DefaultProtocolVersion.V4);
            }
            awaitUntil(() -> !cassandra.ready(), "not ready once the node cannot be reached");

            try (TcpForwarder forwarder = TcpForwarder.open(port, stack.server(CassandraServer.class).settings().address())) {
                awaitUntil(cassandra::ready, "ready again after the driver reconnects");
            }
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
