package io.gatehouse.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server running as a child process, its output in a log file. It is stopped through its own process
 * handle (and those of its descendants, for launch scripts that fork), never by name.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int TAIL_LINES = 3;
    private static final HttpClient PROBE_CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final String server;
    private final Process process;
    private final Path log;

    private ServerProcess(String server, Process process, Path log) {
        this.server = server;
        this.process = process;
        this.log = log;
    }

    public static ServerProcess start(String server, List<String> command, Map<String, String> environment,
                                      Path workingDirectory, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(environment);
            Process process = builder.start();
            // No server reads stdin; closing it stops launch scripts from waiting on a terminal.
            process.getOutputStream().close();
            return new ServerProcess(server, process, log);
        } catch (IOException e) {
            throw new StartupException(server, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** A readiness probe; an exception counts as "not ready yet". */
    @FunctionalInterface
    public interface Probe {
        boolean ready() throws Exception;
    }

    /** Ready when the URL answers 200. */
    public static Probe httpOk(URI uri) {
        return () -> PROBE_CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** Ready when the port accepts TCP connections. */
    public static Probe listening(String host, int port) {
        return () -> Ports.isListening(host, port);
    }

    /**
     * Polls the probe until it passes. Fails fast, naming the server, when the process exits, the
     * timeout passes, or another server of the stack failed ({@code aborted}); the process is stopped then.
     */
    public void awaitReady(Probe probe, Duration timeout, BooleanSupplier aborted) {
        try {
            poll(probe, timeout, aborted);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void poll(Probe probe, Duration timeout, BooleanSupplier aborted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new StartupException(server, "exited with code " + process.exitValue() + " while starting"
                        + logTailSuffix());
            }
            if (aborted.getAsBoolean()) {
                throw new StartupException(server, "start abandoned because the stack is stopping");
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (Exception notYet) {
                // keep polling
            }
            if (System.nanoTime() > deadline) {
                throw new StartupException(server, "not ready after " + timeout.toSeconds() + " s" + logTailSuffix());
            }
            sleep(250);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path log() {
        return log;
    }

    /**
     * Waits for a one-shot command (initdb, kc.sh build) to end by itself and returns its exit code; stops it
     * when the timeout passes or the stack is being stopped ({@code aborted}).
     */
    public int waitFor(Duration timeout, BooleanSupplier aborted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!process.waitFor(250, TimeUnit.MILLISECONDS)) {
                if (aborted.getAsBoolean()) {
                    close();
                    throw new StartupException(server, "start abandoned because the stack is stopping");
                }
                if (System.nanoTime() > deadline) {
                    close();
                    throw new StartupException(server, "did not finish within " + timeout.toSeconds() + " s" + logTailSuffix());
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new StartupException(server, "interrupted");
        }
    }

    /** Graceful stop (SIGTERM), then SIGKILL after a grace period; the same for any descendant left behind. */
    @Override
    public void close() {
        stopTree(process.toHandle());
    }

    /** SIGKILL of the process and whatever it started, as a crash; returns once they are gone. */
    public void kill() {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        process.toHandle().destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.toHandle().onExit().join();
        descendants.forEach(handle -> handle.onExit().join());
    }

    /** Stops a server process and then whatever it started that is still running, each through its handle. */
    static void stopTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        stop(root);
        descendants.forEach(ServerProcess::stop);
    }

    private static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notYet) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more can be done through the handle
            }
        }
    }

    /**
     * The log's last few non-blank lines on one line, so a failed start says why: a JVM prints its reason
     * two lines above its generic "fatal exception" line.
     */
    public String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, 8192);
            byte[] tail = new byte[size];
            file.seek(length - size);
            file.readFully(tail);
            List<String> lines = new String(tail, StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();
            String joined = String.join(" | ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
            return joined.length() > 400 ? "…" + joined.substring(joined.length() - 400) : joined;
        } catch (IOException e) {
            return "";
        }
    }

    private String logTailSuffix() {
        String tail = logTail();
        return " (log " + log + (tail.isEmpty() ? "" : ", ending: " + tail) + ")";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server", e);
        }
    }
}
