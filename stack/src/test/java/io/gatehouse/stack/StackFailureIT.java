package io.gatehouse.stack;

import io.gatehouse.stack.cassandra.CassandraSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server that cannot start is named in one line, and whatever had started is stopped. */
class StackFailureIT {

    @Test
    void aServerThatCrashesWhileStartingIsNamedWithTheLastLineOfItsLog() {
        Set<ProcessHandle> before = children();
        StackConfig config = config("crash", Map.of("gatehouse.cassandra.heap", "banana"));

        assertThatThrownBy(() -> Stack.start(config, EnumSet.of(Component.S3, Component.CASSANDRA), line -> { }))
                .isInstanceOfSatisfying(StartupException.class, e -> {
                    assertThat(e.server()).isEqualTo(Component.CASSANDRA.displayName());
                    assertThat(e.getMessage()).startsWith("Cassandra: exited with code 1 while starting")
                            .contains("Invalid maximum heap size").doesNotContain("\n");
                });
        assertNoNewChildAlive(before);
    }

    @Test
    void aLaterFailureStopsTheServersThatWereAlreadyReady() {
        Set<ProcessHandle> before = children();
        StackConfig config = config("late", Map.of("gatehouse.liberty.dir", Path.of("target", "no-liberty-here").toAbsolutePath().toString()));
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> Stack.start(config, EnumSet.of(Component.LIBERTY), progress::add))
                .isInstanceOfSatisfying(StartupException.class, e -> {
                    assertThat(e.server()).isEqualTo(Component.LIBERTY.displayName());
                    assertThat(e.getMessage()).startsWith("Open Liberty: no server 'gatehouse' in");
                });
        assertThat(progress).anyMatch(line -> line.startsWith("Cassandra    ready in"));
        assertThat(Ports.isListening(config.host(), CassandraSettings.of(config).port())).isFalse();
        assertNoNewChildAlive(before);
    }

    @Test
    void aTakenPortIsReportedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StackConfig config = config("port", Map.of("gatehouse.s3.port", Integer.toString(taken.getLocalPort())));

            assertThatThrownBy(() -> Stack.start(config, EnumSet.of(Component.S3), line -> { }))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("S3 server: port " + taken.getLocalPort() + " on 127.0.0.1 is already in use (set GATEHOUSE_S3_PORT to another port)");
        }
    }

    private static StackConfig config(String name, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(StackConfig.anyFreePorts());
        settings.put("gatehouse.work.dir", Path.of("target", "failure-it-" + name + "-" + System.nanoTime()).toAbsolutePath().toString());
        settings.putAll(overrides);
        return StackConfig.load(new Settings(settings, Map.of()));
    }

    private static Set<ProcessHandle> children() {
        return ProcessHandle.current().descendants().collect(Collectors.toSet());
    }

    private static void assertNoNewChildAlive(Set<ProcessHandle> before) {
        Set<ProcessHandle> left = children();
        left.removeAll(before);
        left.forEach(child -> child.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> child).join());
        assertThat(left).allSatisfy(child -> assertThat(child.isAlive()).as("pid %d %s", child.pid(), child.info().command().orElse("")).isFalse());
    }
}
