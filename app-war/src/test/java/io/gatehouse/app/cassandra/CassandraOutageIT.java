package io.gatehouse.app.cassandra;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.liberty.LibertyServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
            assertThat(readinessWithin(stack, 503)).as("readiness while Cassandra is down").isEqualTo(503);
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
        assertThat(readinessWithin(stack, 200)).as("readiness after Cassandra came back").isEqualTo(200);
    }

    /** The readiness status once it is {@code expected}, or the last one seen after 30 s. */
    private static int readinessWithin(Stack stack, int expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(stack.server(LibertyServer.class).settings().url() + "/health/ready")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        do {
            status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
        } while (status != expected && System.nanoTime() < deadline && sleep());
        return status;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }
}
