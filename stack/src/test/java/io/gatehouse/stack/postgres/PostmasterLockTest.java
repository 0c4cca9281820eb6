package io.gatehouse.stack.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A crash leaves postmaster.pid behind; only a lock naming a live process that is another program is removed. */
class PostmasterLockTest {

    @Test
    void aLockWhosePidNowBelongsToAnotherProgramIsRemoved(@TempDir Path data) throws Exception {
        Path lock = Files.writeString(data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + data + "\n");

        PostgresServer.removeLockOfAReusedPid(data);

        assertThat(lock).doesNotExist();
    }

    @Test
    void aLockOfAProcessThatIsGoneIsLeftToPostgresqlAsIsAnUnreadableOne(@TempDir Path data) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path lock = Files.writeString(data.resolve("postmaster.pid"), gone.pid() + "\n");
        PostgresServer.removeLockOfAReusedPid(data);
        assertThat(lock).exists();

        Files.writeString(lock, "not a pid\n");
        PostgresServer.removeLockOfAReusedPid(data);
        assertThat(lock).exists();
    }
}
