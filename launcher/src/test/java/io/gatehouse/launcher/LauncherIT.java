package io.gatehouse.launcher;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Settings;
import io.gatehouse.stack.StackConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as a user runs it: its own JVM, on free ports, with data under target/. */
class LauncherIT {
    private static final Duration START_LIMIT = Duration.ofMinutes(6);

    @Test
    void smokeProvesTheRoundTripStopsEverythingAndExitsZero() throws Exception {
        Launch launch = Launch.start("smoke", Map.of());

        int exit = launch.awaitExit(START_LIMIT);

        String output = launch.output();
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Gatehouse: all servers healthy in")
                .contains("smoke: ok: alice (tenant acme) signed in on Keycloak's login page")
                .contains("smoke: ok: grace (tenant globex) signed in").contains("smoke: ok: ivy@initech.test (tenant initech) signed in")
                .contains("Gatehouse: stopped");
        assertThat(output.lines().filter(line -> line.matches("figures: \\S.*\\s+\\d+\\.\\d\\s+\\d+"))).as("one per server")
                .hasSize(Component.values().length);
        launch.assertNoServerLeft();
    }

    @Test
    void sigtermWhileRunningStopsEveryServer() throws Exception {
        Launch launch = Launch.start("run", Map.of());
        launch.awaitOutput("Press Ctrl-C to stop.", START_LIMIT);
        assertThat(launch.seen()).as("servers started by the launcher").hasSizeGreaterThanOrEqualTo(Component.values().length);

        launch.process.destroy();
        launch.awaitExit(Duration.ofMinutes(2));

        assertThat(launch.output()).contains("Demo users").contains("Gatehouse: stopped");
        launch.assertNoServerLeft();
    }

    @Test
    void aTakenPortFailsWithOneLineNamingTheComponentAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Launch launch = Launch.start("smoke", Map.of("GATEHOUSE_CASSANDRA_PORT", Integer.toString(port)));

            int exit = launch.awaitExit(START_LIMIT);

            assertThat(exit).isEqualTo(1);
            assertThat(launch.output().lines().filter(line -> line.startsWith("gatehouse: ")).toList())
                    .containsExactly("gatehouse: Cassandra: port " + port + " on 127.0.0.1 is already in use (set GATEHOUSE_CASSANDRA_PORT to another port)");
            launch.assertNoServerLeft();
        }
    }

    /** One launcher process; its descendants are sampled while it runs, so none can escape the final check. */
    private static final class Launch {
        private final Process process;
        private final Path log;
        private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

        private Launch(Process process, Path log) {
            this.process = process;
            this.log = log;
            Thread sampler = new Thread(() -> {
                while (process.isAlive()) {
                    process.descendants().forEach(seen::add);
                    sleep(200);
                }
            }, "descendant-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        static Launch start(String mode, Map<String, String> overrides) throws IOException {
            // Not a temp directory: those are owner-only, and PostgreSQL under root runs as 'nobody'.
            Path work = Files.createDirectories(Path.of("target", "launcher-it-" + mode + "-" + System.nanoTime()).toAbsolutePath());
            Path log = work.resolve("launcher.log");
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GatehouseLauncher.class.getName(), mode)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            StackConfig.anyFreePorts().forEach((key, any) -> environment.put(Settings.environmentName(key), any));
            environment.put("GATEHOUSE_WORK_DIR", work.toString());
            environment.put("GATEHOUSE_PROJECT_DIR", System.getProperty("gatehouse.project.dir", Path.of("..").toAbsolutePath().normalize().toString()));
            environment.putAll(overrides);
            return new Launch(builder.start(), log);
        }

        int awaitExit(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                process.waitFor(2, TimeUnit.MINUTES);
                throw new AssertionError("launcher did not finish within " + limit + ":\n" + output());
            }
            return process.exitValue();
        }

        void awaitOutput(String line, Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!output().contains(line)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroy();
                    throw new AssertionError("launcher never printed '" + line + "':\n" + output());
                }
                sleep(500);
            }
        }

        Set<ProcessHandle> seen() {
            return Set.copyOf(seen);
        }

        void assertNoServerLeft() {
            assertThat(process.isAlive()).isFalse();
            assertThat(seen).as("processes the launcher started").allSatisfy(child ->
                    assertThat(child.isAlive()).as("pid %d %s still running", child.pid(), child.info().command().orElse("")).isFalse());
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
