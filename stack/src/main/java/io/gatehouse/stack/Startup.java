package io.gatehouse.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a server's start function gets: its display name (for errors), the stack's settings and downloads, the servers
 * already running (those it requires among them), where to print, and whether the stack is stopping meanwhile.
 */
public record Startup(String name, StackConfig config, Artifacts artifacts, BooleanSupplier aborted, Consumer<String> out,
                      List<Server> running) {

    /** A running server of this kind, when the stack has one. */
    public <S extends Server> Optional<S> server(Class<S> type) {
        return running.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Runs the server's command, its output in the log; see {@link ServerProcess#start}. */
    public ServerProcess run(List<String> command, Map<String, String> environment, Path workingDirectory, Path log) {
        return ServerProcess.start(name, command, environment, workingDirectory, log);
    }

    /** Waits until the probe passes, within the stack's start timeout; see {@link ServerProcess#awaitReady}. */
    public void awaitReady(ServerProcess process, ServerProcess.Probe probe) {
        process.awaitReady(probe, config.startTimeout(), aborted);
    }

    public StartupException failure(String reason, Throwable cause) {
        return new StartupException(name, reason, cause);
    }

    public StartupException failure(String reason) {
        return new StartupException(name, reason);
    }
}
