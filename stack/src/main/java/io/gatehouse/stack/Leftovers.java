package io.gatehouse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Servers left running by a launcher that was killed without a chance to stop them (SIGKILL, the OOM killer). Each
 * ready server is recorded under {@code <work>/pids/} with its process id and start time; the next start on that work
 * folder stops such a server through its process handle before starting its own. Only a process whose id and start
 * time both match is touched, so a process id the system has since given to another program is left alone.
 */
final class Leftovers {
    private final Path folder;

    Leftovers(Path workDir) {
        this.folder = workDir.resolve("pids");
    }

    void record(Component component, ProcessHandle process) {
        Optional<Instant> started = process.info().startInstant();
        if (started.isEmpty()) {
            return; // nothing to tell it from a reused id later
        }
        try {
            Files.createDirectories(folder);
            Files.writeString(file(component), process.pid() + " " + started.get().toEpochMilli() + System.lineSeparator());
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

    /** Stops the component's server an earlier launcher left running, if any; returns what was done, to print. */
    Optional<String> stop(Component component) {
        Optional<ProcessHandle> leftover = find(component);
        leftover.ifPresent(ServerProcess::stopTree);
        forget(component);
        return leftover.map(process -> String.format("%-12s stopped the server (pid %d) an earlier run left running on this work folder",
                component.displayName(), process.pid()));
    }

    private Optional<ProcessHandle> find(Component component) {
        try {
            if (!Files.exists(file(component))) {
                return Optional.empty();
            }
            String[] recorded = Files.readString(file(component)).strip().split(" ");
            long started = Long.parseLong(recorded[1]);
            return ProcessHandle.of(Long.parseLong(recorded[0])).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == started);
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private Path file(Component component) {
        return folder.resolve(component.name().toLowerCase(Locale.ROOT));
    }
}
