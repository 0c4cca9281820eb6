package io.gatehouse.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A server an earlier launcher left running is stopped by the next start; a process id given to another program is not. */
class LeftoversTest {

    @Test
    void aRecordedServerStillRunningIsStoppedThroughItsHandle(@TempDir Path work) {
        ServerProcess server = ServerProcess.start(Component.S3.displayName(), List.of("sleep", "600"), Map.of(), work, work.resolve("s3.log"));
        new Leftovers(work).record(Component.S3, List.of(server.handle()));

        assertThat(new Leftovers(work).stop(Component.S3)).hasValueSatisfying(line ->
                assertThat(line).contains("S3 server", "pid " + server.pid(), "an earlier run left running"));

        assertThat(server.handle().onExit().join().isAlive()).isFalse();
        assertThat(work.resolve("pids/s3")).doesNotExist();
        assertThat(new Leftovers(work).stop(Component.S3)).isEmpty();
    }

    @Test
    void everyNodeOfAClusterIsStopped(@TempDir Path work) {
        ServerProcess first = ServerProcess.start(Component.CASSANDRA.displayName(), List.of("sleep", "600"), Map.of(), work, work.resolve("1.log"));
        ServerProcess second = ServerProcess.start(Component.CASSANDRA.displayName(), List.of("sleep", "600"), Map.of(), work, work.resolve("2.log"));
        new Leftovers(work).record(Component.CASSANDRA, List.of(first.handle(), second.handle()));

        assertThat(new Leftovers(work).stop(Component.CASSANDRA)).hasValueSatisfying(line ->
                assertThat(line).contains("Cassandra", "(pid " + first.pid() + ", " + second.pid() + ")"));

        assertThat(first.handle().onExit().join().isAlive()).isFalse();
        assertThat(second.handle().onExit().join().isAlive()).isFalse();
    }

    @Test
    void aRecordWhoseProcessIdNowBelongsToAnotherProgramIsIgnored(@TempDir Path work) throws Exception {
        ServerProcess other = ServerProcess.start(Component.S3.displayName(), List.of("sleep", "600"), Map.of(), work, work.resolve("s3.log"));
        try {
            Files.createDirectories(work.resolve("pids"));
            Files.writeString(work.resolve("pids/s3"), other.pid() + " 12345\n");

            assertThat(new Leftovers(work).stop(Component.S3)).isEmpty();

            assertThat(other.isAlive()).as("a process that merely has the recorded id").isTrue();
        } finally {
            other.close();
        }
    }
}
