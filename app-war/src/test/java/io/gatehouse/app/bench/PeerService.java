package io.gatehouse.app.bench;

import io.gatehouse.stack.bench.Command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js peer of bench/peer (Fastify, jose, cassandra-driver) as a process of the benchmark: its locked packages
 * installed with {@code npm ci}, started with {@code node server.js} on a free port, stopped through its own handle.
 */
final class PeerService implements AutoCloseable {
    private static final long START_SECONDS = 60;
    private final Process process;
    private final String url;

    private PeerService(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * @param dir bench/peer
     * @param settings its PEER_* environment (issuer, audience, Cassandra)
     * @param log where its output goes
     */
    static PeerService start(Path dir, Map<String, String> settings, Path log) throws IOException, InterruptedException {
        System.out.println("bench: installing the peer's locked packages (npm ci) and starting it on " + Command.output(List.of("node", "--version")).strip());
        Command.output(List.of("npm", "ci", "--prefix", dir.toString(), "--no-audit", "--no-fund"));
        ProcessBuilder builder = new ProcessBuilder("node", "server.js").directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(settings);
        Process process = builder.start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Files.createDirectories(log.getParent());
        Thread pump = new Thread(() -> copy(process, log, listening), "peer-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new PeerService(process, listening.get(START_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the peer did not start (its output: " + log + ")", e);
        }
    }

    /** Copies the peer's output to its log, and hands over its address from its "listening on" line
     * ("peer: listening on http://127.0.0.1:port (2 workers)"). */
    private static void copy(Process process, Path log, CompletableFuture<String> listening) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter file = new PrintWriter(Files.newBufferedWriter(log), true)) {
            for (String line; (line = out.readLine()) != null; ) {
                file.println(line);
                if (line.startsWith("peer: listening on ")) {
                    listening.complete(line.substring("peer: listening on ".length()).split(" ")[0]);
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IllegalStateException("the peer's output ended before it listened"));
    }

    String url() {
        return url;
    }

    /** SIGTERM (the peer closes its server and its Cassandra connections), then SIGKILL if it lingers. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
