package io.gatehouse.app.reliability;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.bench.BenchStack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.keycloak.KeycloakServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The fault matrix under load: {@code ./mvnw -q -DskipTests -Pfault-matrix package -pl app-war -am}. Starts the HA
 * topology (three Cassandra nodes, replication factor 3; two Keycloak nodes behind the load balancer) with Liberty on
 * empty data, then for each fault runs {@link MixedWorkload} (4 clients at 10 requests/s, a sign-in and a refresh of
 * one session every 2 s), injects the fault 10 s in, keeps the
 * load on until 15 s after the part is back, and reads every acknowledged write back. Prints one line per fault as it
 * ends and a markdown table for docs/reliability.md at the end. About 20 minutes on 2 cores;
 * {@code -Dgatehouse.faults.only=text,text} runs the faults whose name contains one of the texts.
 */
public final class FaultMatrix {
    private static final List<String> SIGNS_AS = List.of("bob", "gus", "bob", "gus");
    private static final Duration BEFORE = Duration.ofSeconds(10);
    private static final Duration HELD = Duration.ofSeconds(20);
    private static final Duration AFTER = Duration.ofSeconds(15);
    private final Stack stack;
    private final Api api;

    /** A fault: what it does to the stack, from the moment it strikes until the part is back. */
    @FunctionalInterface
    private interface Injection {
        void strike(Stack stack) throws Exception;
    }

    private record Fault(String name, Injection injection) {
    }

    /** One fault's outcome, as a row of the table. */
    private record Row(String fault, int requests, Map<String, Integer> failed, double longestFailedRun, double recovered,
                       long serverErrors, boolean sessionKept, WriteLedger.Check check) {
        String markdown() {
            return String.format("| %s | %d | %s | %.1f s | %.1f s | %d | %s | %d checked: %d lost, %d corrupted |", fault, requests,
                    failed.isEmpty() ? "none" : failed.toString(), longestFailedRun, recovered, serverErrors, sessionKept ? "yes" : "no",
                    check.records(), check.lost().size(), check.corrupted().size());
        }
    }

    private FaultMatrix(Stack stack) {
        this.stack = stack;
        this.api = new Api(stack);
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Path.of(System.getProperty("gatehouse.faults.dir"));
        Map<String, String> settings = Map.of("gatehouse.topology", "ha", "gatehouse.liberty.dir", System.getProperty("gatehouse.liberty.dir"));
        try (Stack stack = BenchStack.start(scratch, settings, EnumSet.of(Component.KEYCLOAK, Component.LIBERTY))) {
            new FaultMatrix(stack).run();
        }
    }

    private static List<Fault> faults() {
        return List.of(
                new Fault("Cassandra: 1 of 3 nodes SIGKILLed, started again 20 s later", stack -> {
                    cassandra(stack).node(2).kill();
                    Thread.sleep(HELD.toMillis());
                    cassandra(stack).restart(2);
                }),
                new Fault("Cassandra: 2 of 3 nodes SIGKILLed, started again 20 s later", stack -> {
                    cassandra(stack).node(2).kill();
                    cassandra(stack).node(3).kill();
                    Thread.sleep(HELD.toMillis());
                    cassandra(stack).restart(2);
                    cassandra(stack).restart(3);
                }),
                new Fault("Cassandra: 1 node paused (SIGSTOP) for 20 s", stack -> {
                    cassandra(stack).node(3).pause();
                    Thread.sleep(HELD.toMillis());
                    cassandra(stack).node(3).resume();
                }),
                new Fault("PostgreSQL SIGKILLed, started again 20 s later", stack -> {
                    stack.kill(Component.POSTGRES);
                    Thread.sleep(HELD.toMillis());
                    stack.start(EnumSet.of(Component.POSTGRES));
                }),
                new Fault("Keycloak: 1 of 2 nodes SIGKILLed, started again 20 s later", stack -> {
                    keycloak(stack).node(1).kill();
                    Thread.sleep(HELD.toMillis());
                    keycloak(stack).restart(1);
                }),
                new Fault("Liberty SIGKILLed, started again", stack -> {
                    stack.kill(Component.LIBERTY);
                    stack.start(EnumSet.of(Component.LIBERTY));
                }));
    }

    private void run() throws Exception {
        List<Row> rows = new ArrayList<>();
        // -Dgatehouse.faults.only=Keycloak,PostgreSQL runs the faults whose name contains one of the texts.
        List<String> only = List.of(System.getProperty("gatehouse.faults.only", "").split(","));
        for (Fault fault : faults().stream().filter(fault -> only.stream().anyMatch(fault.name()::contains)).toList()) {
            Row row = inject(fault);
            System.out.println("faults: " + row.markdown());
            rows.add(row);
        }
        System.out.println();
        System.out.println("| fault | requests | failed (operation status: count) | longest failed run | recovered after | API 5xx other than 503 | session kept | acknowledged writes |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(row -> System.out.println(row.markdown()));
    }

    private Row inject(Fault fault) throws Exception {
        List<String> tokens = SIGNS_AS.stream().map(user -> api.login(user, "openid organization")).toList();
        MixedWorkload load = new MixedWorkload(api, tokens, 10, "bob");
        long struck;
        try {
            Thread.sleep(BEFORE.toMillis());
            struck = System.nanoTime();
            fault.injection().strike(stack);
            Thread.sleep(AFTER.toMillis());
        } finally {
            load.close();
        }
        List<MixedWorkload.Answer> answers = load.answers();
        // The API's answers: Keycloak's own (a 500 while its database is away) are in the failures column.
        long serverErrors = answers.stream().filter(answer -> !answer.fromKeycloak())
                .filter(answer -> answer.status() >= 500 && answer.status() != 503).count();
        return new Row(fault.name(), answers.size(), load.failures(), load.longestFailedRunSeconds(), recovered(answers, struck),
                serverErrors, load.sessionKept(), load.check());
    }

    /** From the fault until the first success after the last failure: 0 when nothing failed. */
    private static double recovered(List<MixedWorkload.Answer> answers, long struck) {
        long lastFailure = answers.stream().filter(MixedWorkload.Answer::failed).mapToLong(MixedWorkload.Answer::sentNanos).max().orElse(-1);
        if (lastFailure < 0) {
            return 0;
        }
        long firstSuccess = answers.stream().filter(answer -> !answer.failed() && answer.sentNanos() > lastFailure)
                .mapToLong(MixedWorkload.Answer::sentNanos).min().orElse(lastFailure);
        return Math.max(0, firstSuccess - struck) / 1e9;
    }

    private static CassandraServer cassandra(Stack stack) {
        return stack.server(CassandraServer.class);
    }

    private static KeycloakServer keycloak(Stack stack) {
        return stack.server(KeycloakServer.class);
    }
}
