package io.gatehouse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Servers left running by a launcher that was killed without a chance to stop them (SIGKILL, the OOM killer). Each
 * ready server is recorded under {@code <work>/pids/} with its process ids and start times (a line per process: a
 * cluster's nodes are several, and each process's children are recorded with it); the next start on that work
 * folder stops such a server through its process handle before starting its own. Only a process whose id and start
 * time both match is touched, so a process id the system has since given to another program is left alone.
 */
final class Leftovers {
    private final Path folder;

    Leftovers(Path workDir) {
        this.folder = workDir.resolve("pids");
    }

    void record(Component component, List<ProcessHandle> processes) {
        StringBuilder lines = new StringBuilder();
        for (ProcessHandle process : processes) {
            // without a start time nothing tells the process from a reused id later
            process.info().startInstant().ifPresent(started ->
                    lines.append(process.pid()).append(' ').append(started.toEpochMilli()).append(System.lineSeparator()));
        }
        try {
            Files.createDirectories(folder);
            Files.writeString(file(component), lines);
        } catch (IOException e) {
            throw new StartupException(component.displayName(), "cannot write " + file(component) + ": " + e.getMessage(), e);
        }
    }

    void forget(Component component) {
        try {
            Files.deleteIfExists(file(component));
        } catch (IOException e) {
            // a stale record is harmless: it is checked against the process's start time before use
        }
    }

    /** Stops the component's servers an earlier launcher left running, if any; returns what was done, to print. */
    Optional<String> stop(Component component) {
        List<ProcessHandle> leftover = find(component);
        leftover.forEach(ServerProcess::stopTree);
        forget(component);
        if (leftover.isEmpty()) {
            return Optional.empty();
        }
        String pids = leftover.stream().map(process -> Long.toString(process.pid())).collect(Collectors.joining(", "));
        return Optional.of(String.format("%-12s stopped the server (pid %s) an earlier run left running on this work folder",
                component.displayName(), pids));
    }

    private List<ProcessHandle> find(Component component) {
        try {
            if (!Files.exists(file(component))) {
                return List.of();
            }
            List<ProcessHandle> found = new ArrayList<>();
            for (String line : Files.readAllLines(file(component))) {
                String[] recorded = line.strip().split(" ");
                if (recorded.length != 2) {
                    continue;
                }
                long started = Long.parseLong(recorded[1]);
                ProcessHandle.of(Long.parseLong(recorded[0])).filter(ProcessHandle::isAlive)
                        .filter(process -> process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == started)
                        .ifPresent(found::add);
            }
            return found;
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }

    private Path file(Component component) {
        return folder.resolve(component.name().toLowerCase(Locale.ROOT));
    }
}
