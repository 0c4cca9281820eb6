package io.gatehouse.app.reliability;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each server restarted once through its process handle, on the same data and port, while a client keeps reading a
 * record: what the client sees during the restart, and how long until users are served again (printed for
 * docs/reliability.md).
 */
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class ServerRestartIT {
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(90);

    /** Keycloak or its database away: the API needs neither for a token it has the key of; sign-in works once they are back. */
    @ParameterizedTest
    @EnumSource(value = Component.class, names = {"KEYCLOAK", "POSTGRES"})
    void theApiKeepsServingValidTokensAndSignInWorksAgainAfterARestartOf(Component component, Stack stack) throws Exception {
        Api api = new Api(stack);
        String token = api.login("alice", "openid organization");
        String path = "/records/" + create(api, token);
        try (Traffic traffic = new Traffic(api, path, token)) {
            Duration ready = stack.restart(component);
            Duration signIn = untilTrue(() -> !api.login("alice", "openid organization").isEmpty());
            report(component, ready, signIn, traffic);
            assertThat(traffic.statuses()).containsOnlyKeys(200);
        }
    }

    @Test
    void theApiAnswers503WithRetryAfterWhileCassandraRestartsThenRecoversWithoutARestart(Stack stack) throws Exception {
        Api api = new Api(stack);
        String token = api.login("alice", "openid organization");
        String path = "/records/" + create(api, token);
        long liberty = pid(stack, Component.LIBERTY);
        try (Traffic traffic = new Traffic(api, path, token)) {
            untilTrue(() -> traffic.lastStatus() == 200); // served before, so that the figures say what changed
            Duration ready = stack.restart(Component.CASSANDRA);
            Duration served = untilTrue(() -> traffic.lastStatus() == 200);
            report(Component.CASSANDRA, ready, served, traffic);
            assertThat(traffic.statuses()).containsKey(503).containsOnlyKeys(200, 503);
            assertThat(traffic.answers()).filteredOn(answer -> answer.status() == 503)
                    .allSatisfy(answer -> assertThat(answer.retryAfter()).isEqualTo("5"));
        }
        assertThat(pid(stack, Component.LIBERTY)).as("Liberty was not restarted").isEqualTo(liberty);
    }

    @Test
    void libertyComesBackAndServesTheSameData(Stack stack) throws Exception {
        Api api = new Api(stack);
        String token = api.login("alice", "openid organization");
        String path = "/records/" + create(api, token);
        String before = api.get(path, token).json().toString();
        try (Traffic traffic = new Traffic(api, path, token)) {
            Duration ready = stack.restart(Component.LIBERTY);
            Duration served = untilTrue(() -> api.get(path, token).status() == 200);
            report(Component.LIBERTY, ready, served, traffic);
            assertThat(traffic.statuses()).as("refused while down, then served").containsKeys(Traffic.REFUSED, 200);
        }
        assertThat(api.get(path, token).json().toString()).isEqualTo(before);
    }

    private static String create(Api api, String token) {
        Api.Response created = api.post("/records", token, "{\"title\":\"kept across restarts\",\"body\":\"restart test\",\"tags\":[\"restart\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private static long pid(Stack stack, Component component) {
        return stack.running().stream().filter(server -> server.component() == component).findFirst().orElseThrow().process().pid();
    }

    /** How long until the check passes (exceptions count as not yet), up to a limit. */
    private static Duration untilTrue(BooleanSupplier check) throws InterruptedException {
        long begin = System.nanoTime();
        while (true) {
            try {
                if (check.getAsBoolean()) {
                    return Duration.ofNanos(System.nanoTime() - begin);
                }
            } catch (RuntimeException notYet) {
                // keep trying
            }
            if (System.nanoTime() - begin > RECOVERY_LIMIT.toNanos()) {
                throw new AssertionError("not recovered within " + RECOVERY_LIMIT);
            }
            Thread.sleep(250);
        }
    }

    private static void report(Component component, Duration ready, Duration thenServed, Traffic traffic) {
        System.out.printf("reliability: %-12s restarted and ready in %5.1f s; served again %4.1f s later; client saw %s%n",
                component.displayName(), ready.toMillis() / 1000.0, thenServed.toMillis() / 1000.0, traffic.statuses());
    }
}
