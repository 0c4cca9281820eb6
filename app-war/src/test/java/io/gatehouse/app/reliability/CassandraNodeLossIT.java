package io.gatehouse.app.reliability;

import com.datastax.oss.driver.api.core.CqlSession;
import io.gatehouse.app.Api;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.liberty.LibertyServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of the fault matrix, in every build: Cassandra as three nodes (replication factor 3, as in AWS),
 * the API under 30 s of mixed load from two users (and sign-ins through the login page), and one node killed with
 * SIGKILL 10 s into it. With LOCAL_QUORUM two nodes serve every request, so users see no error at all, and every write
 * the API acknowledged is there afterwards, whole, at its version; again once the node is started on its data.
 * Figures printed for docs/reliability.md.
 */
@WithStack(value = {Component.KEYCLOAK, Component.LIBERTY}, cassandraNodes = 3)
class CassandraNodeLossIT {
    private static final int PER_WORKER_PER_SECOND = 10;

    @Test
    void aNodeKilledUnderLoadCostsNoRequestAndLosesNoAcknowledgedWrite(Stack stack) throws Exception {
        CassandraServer cassandra = stack.server(CassandraServer.class);
        assertThat(cassandra.nodes()).hasSize(3);
        assertThat(replication(cassandra)).containsEntry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy")
                .containsEntry("datacenter1", "3");
        Api api = new Api(stack);
        // Tokens of this stack's own Keycloak (Api's cached tokens are the single-node stack's).
        String bob = api.login("bob", "openid organization");
        String gus = api.login("gus", "openid organization");

        MixedWorkload load = new MixedWorkload(api, List.of(bob, gus, bob, gus), PER_WORKER_PER_SECOND, "bob");
        long killedAt;
        try {
            Thread.sleep(10_000);
            killedAt = System.nanoTime();
            cassandra.node(1).kill();
            Thread.sleep(20_000);
        } finally {
            load.close();
        }
        WriteLedger.Check whileDown = load.check();
        long restart = System.nanoTime();
        cassandra.restart(1);
        Duration backIn = Duration.ofNanos(System.nanoTime() - restart);
        // Quorums that include the node again: what it missed came back to it (hints, read repair) or is outvoted.
        WriteLedger.Check withItBack = load.check();

        List<MixedWorkload.Answer> answers = load.answers();
        System.out.printf("reliability: Cassandra node 1 of 3 killed (SIGKILL) at %.1f s of %.1f s under %d requests/s: %d requests,"
                        + " failed %s, longest failed run %.1f s, p99 %.0f ms; %d acknowledged records checked: %d lost, %d corrupted;"
                        + " the node restarted and served CQL in %.1f s, then %d lost, %d corrupted%n",
                load.secondsSinceStart(killedAt), load.lastedSeconds(),
                4 * PER_WORKER_PER_SECOND, answers.size(), load.failures(), load.longestFailedRunSeconds(), load.p99Millis(),
                whileDown.records(), whileDown.lost().size(), whileDown.corrupted().size(), backIn.toMillis() / 1000.0,
                withItBack.lost().size(), withItBack.corrupted().size());
        assertThat(answers).as("requests made").hasSizeGreaterThan(500);
        assertThat(whileDown.records()).as("records written").isGreaterThan(100);
        assertThat(load.failures()).as(() -> "failed requests, by operation and status; the API logged:\n" + cassandraErrors(stack))
                .isEmpty();
        for (WriteLedger.Check check : List.of(whileDown, withItBack)) {
            assertThat(check.lost()).as("acknowledged writes lost").isEmpty();
            assertThat(check.corrupted()).as("acknowledged writes corrupted").isEmpty();
        }
    }

    /** What the API logged of Cassandra's errors, to tell why a request failed (the answer says only "unavailable"). */
    private static String cassandraErrors(Stack stack) {
        try (Stream<String> lines = Files.lines(stack.server(LibertyServer.class).process().log())) {
            return lines.filter(line -> line.contains("Cassandra unavailable") || line.contains("conditional write"))
                    .limit(20).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(the log could not be read: " + e + ")";
        }
    }

    private static Map<String, String> replication(CassandraServer cassandra) {
        try (CqlSession session = CqlSession.builder().addContactPoint(cassandra.settings().address(2))
                .withLocalDatacenter(cassandra.settings().datacenter()).build()) {
            return session.getMetadata().getKeyspace(RecordsSchema.KEYSPACE).orElseThrow().getReplication();
        }
    }
}
