package io.gatehouse.launcher;

import io.gatehouse.stack.Component;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as a user runs it: its own JVM, on free ports, with data under target/. */
class LauncherIT {
    private static final Duration START_LIMIT = Duration.ofMinutes(6);

    @Test
    void aTakenPortFailsWithOneLineNamingTheComponentAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            LauncherProcess launch = LauncherProcess.start("smoke", Map.of("GATEHOUSE_CASSANDRA_PORT", Integer.toString(port)));

            int exit = launch.awaitExit(START_LIMIT);

            assertThat(exit).isEqualTo(1);
            assertThat(launch.output().lines().filter(line -> line.startsWith("gatehouse: ")).toList())
                    .containsExactly("gatehouse: Cassandra: port " + port + " on 127.0.0.1 is already in use (set GATEHOUSE_CASSANDRA_PORT to another port)");
            launch.assertNoServerLeft();
        }
    }

    /**
     * The OOM killer takes the launcher's JVM alone: the next start stops what it left running, then runs normally:
     * the smoke proof (sign-ins through the login pages, a record's round trip, every server stopped, exit 0) on the
     * data the killed run left.
     */
    @Test
    void serversLeftRunningByAKilledLauncherAreStoppedByTheNextStart() throws Exception {
        Path work = LauncherProcess.newWorkDir("leftovers");
        Map<String, String> ports = LauncherProcess.fixedFreePorts();
        LauncherProcess killed = LauncherProcess.start("run", work, ports, Map.of());
        killed.awaitOutput("Press Ctrl-C to stop.", START_LIMIT);

        List<ProcessHandle> leftBehind = killed.killLauncherOnly();
        Set<Long> stillRunning = leftBehind.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
        assertThat(stillRunning).as("servers outlive their launcher").isNotEmpty();

        LauncherProcess next = LauncherProcess.start("smoke", work, ports, Map.of());
        int exit = next.awaitExit(START_LIMIT);

        String output = next.output();
        assertThat(exit).as(output).isZero();
        // No acme user: acme requires a second factor, which the smoke proof types none of.
        assertThat(output).contains("Gatehouse: all servers healthy in")
                .contains("smoke: ok: bob (tenant globex) signed in on Keycloak's login page")
                .contains("smoke: ok: grace (tenant globex) signed in").contains("smoke: ok: ivy@initech.test (tenant initech) signed in")
                .contains("smoke: ok: uma@umbrella.test (tenant umbrella) signed in")
                .doesNotContain("smoke: ok: alice")
                .contains("Gatehouse: stopped");
        assertThat(output.lines().filter(line -> line.matches("figures: \\S.*\\s+\\d+\\.\\d\\s+\\d+"))).as("one per server")
                .hasSize(Component.values().length);
        List<String> stoppedLines = output.lines().filter(line -> line.contains("an earlier run left running")).toList();
        assertThat(stoppedLines).as("one line per server left running").hasSize(Component.values().length);
        // A server's processes with their children (Keycloak's JVM under kc.sh, PostgreSQL's workers), each one left running.
        List<Long> stopped = stoppedLines.stream()
                .flatMap(line -> Stream.of(line.replaceAll(".*\\(pid ([\\d, ]+)\\).*", "$1").split(", "))).map(Long::parseLong).toList();
        assertThat(stopped).allSatisfy(pid -> assertThat(stillRunning).contains(pid));
        assertThat(leftBehind).allSatisfy(process -> assertThat(process.isAlive()).as("pid %d", process.pid()).isFalse());
        next.assertNoServerLeft();
    }
}
