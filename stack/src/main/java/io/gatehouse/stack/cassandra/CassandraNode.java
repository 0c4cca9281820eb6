package io.gatehouse.stack.cassandra;

import io.gatehouse.stack.ServerProcess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** One Cassandra node of the stack: its number, where it serves CQL and its process, for fault tests. */
public record CassandraNode(int number, InetSocketAddress address, ServerProcess process) {

    /** SIGKILL, as a crash or the OOM killer; returns once the process is gone. */
    public void kill() {
        process.kill();
    }

    /** SIGSTOP: the node stays a member but answers nothing, a slow node rather than a dead one. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    // ProcessHandle sends only SIGTERM and SIGKILL; kill(1) sends the others, to this process's own id.
    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + name, e);
        }
    }
}
