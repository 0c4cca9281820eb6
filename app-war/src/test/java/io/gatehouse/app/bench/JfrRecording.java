package io.gatehouse.app.bench;

import io.gatehouse.stack.bench.Command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java Flight Recorder profile of the Liberty JVM during one measured run, started and stopped with jcmd
 * ({@code -Dbench.profile=true}); the bench server keeps 256 frames per sample so Liberty's deep stacks are whole.
 * Read with {@code jfr print --events jdk.ExecutionSample} or JDK Mission Control.
 */
final class JfrRecording implements AutoCloseable {
    private final long pid;
    private final String name;

    private JfrRecording(long pid, String name) {
        this.pid = pid;
        this.name = name;
    }

    static JfrRecording start(long pid, Path file) {
        String name = file.getFileName().toString();
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file);
        return new JfrRecording(pid, name);
    }

    @Override
    public void close() {
        jcmd(pid, "JFR.stop", "name=" + name);
    }

    private static void jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Command.output(line);
    }
}
