package io.gatehouse.app.cassandra;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/** While Cassandra is down the API says 503 with Retry-After; once it is back the API recovers by itself. */
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class CassandraOutageIT {

    @Test
    void answers503WithRetryAfterWhileCassandraIsDownAndRecoversWithoutARestart(Stack stack) throws Exception {
        Api api = new Api(stack);
        String alice = api.token("alice");
        assertThat(api.get("/records", alice).status()).isEqualTo(200);

        stack.stop(Component.CASSANDRA);
        try {
            Api.Response down = api.get("/records", alice);
            assertThat(down.status()).as(down.toString()).isEqualTo(503);
            assertThat(down.header("Retry-After")).isEqualTo("5");
            assertThat(down.header("Content-Type")).startsWith("application/problem+json");
            assertThat(down.raw().body()).doesNotContain("Exception").doesNotContain("at com.datastax");
        } finally {
            stack.start(EnumSet.of(Component.CASSANDRA));
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int status;
        do {
            Thread.sleep(1000);
            status = api.get("/records", alice).status();
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).as("API status after Cassandra came back").isEqualTo(200);
    }
}
