package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.records.schema.RecordsSchema;
import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.ProcessMemory;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.s3.S3Settings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the packaged job ({@code java -jar target/gatehouse-cleanup.jar}) against the test stack, as a separate
 * process, the way ECS runs it; can kill it with SIGKILL right after a given step of its JSON log.
 */
final class CleanupJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Short, so that a run after a killed one need not wait long for the dead run's lease to expire; renewed every 2 s,
     * so a run loses it only if three renewals in a row are late.
     */
    static final Duration LEASE = Duration.ofSeconds(6);
    private final Stack stack;
    private final Path passwordFile;
    private final Path scratch;

    CleanupJob(Stack stack) {
        this(stack, Path.of("target", "cleanup-it").toAbsolutePath());
    }

    /** @param folder where the job's scratch files and the test's password file go */
    CleanupJob(Stack stack, Path folder) {
        this.stack = stack;
        try {
            Files.createDirectories(folder);
            this.passwordFile = LocalSecrets.writeOwnerOnly(folder.resolve("postgres-password"), stack.server(KeycloakServer.class).database().password());
            this.scratch = Files.createDirectories(folder.resolve("scratch"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a killed run's leases have expired (their rows' TTL ran out), at most a lease's length and a bit. */
    static void awaitLeaseExpiry(CqlSession session) {
        long deadline = System.nanoTime() + LEASE.plusSeconds(2).toNanos();
        while (session.execute("SELECT name FROM " + RecordsSchema.CLEANUP_LEASES + " LIMIT 1").one() != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("a killed run's lease outlived its " + LEASE.toSeconds() + " s TTL");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** A finished run: its exit code, its output, the highest resident memory it reached (VmHWM, MiB) and its CPU time. */
    record Result(int exitCode, List<String> stdout, String stderr, long peakRssMiB, Duration cpu) {
        List<JsonNode> events(String name) {
            List<JsonNode> found = new ArrayList<>();
            for (String line : stdout) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if (name.equals(node.path("event").asText())) {
                        found.add(node);
                    }
                } catch (IOException e) {
                    throw new AssertionError("not a JSON log line: " + line, e);
                }
            }
            return found;
        }

        /** Standard error and the error events, for assertion messages. */
        String describe() {
            StringBuilder text = new StringBuilder(stderr);
            stdout.stream().filter(line -> line.contains("\"level\":\"error\"")).forEach(line -> text.append(line).append('\n'));
            return text.toString();
        }

        List<JsonNode> metrics() {
            List<JsonNode> found = new ArrayList<>();
            for (String line : stdout) {
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.has("_aws")) {
                        found.add(node);
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return found;
        }
    }

    /** The test stack's settings, as an operator's environment (or ECS task definition) gives them. */
    Map<String, String> environment() {
        return Map.of("GATEHOUSE_S3_ENDPOINT", stack.server(S3Server.class).settings().url(), "GATEHOUSE_S3_BUCKET", S3Settings.of(stack.config()).bucket(),
                "GATEHOUSE_CASSANDRA_CONTACT_POINTS", stack.server(CassandraServer.class).settings().address().getHostString() + ":" + stack.server(CassandraServer.class).settings().address().getPort(),
                "GATEHOUSE_POSTGRES_URL", stack.server(KeycloakServer.class).database().jdbcUrl(), "GATEHOUSE_POSTGRES_USER", stack.server(KeycloakServer.class).database().username(),
                "GATEHOUSE_POSTGRES_PASSWORD_FILE", passwordFile.toString(), "GATEHOUSE_CLEANUP_SCRATCH_DIR", scratch.toString(),
                "GATEHOUSE_CLEANUP_LEASE_SECONDS", Long.toString(LEASE.toSeconds()),
                "AWS_ACCESS_KEY_ID", S3Settings.of(stack.config()).accessKey(), "AWS_SECRET_ACCESS_KEY", S3Settings.of(stack.config()).secretKey());
    }

    Result run(String command, String... options) {
        return runUntil(null, 0, command, options);
    }

    ProcessBuilder process(String command, List<String> options) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The JVM flags the images run the job with (cleanup/pom.xml).
        line.addAll(List.of(System.getProperty("gatehouse.cleanup.jvm.flags").split(" ")));
        line.addAll(List.of("-jar", System.getProperty("gatehouse.cleanup.jar")));
        // An empty command runs the job without one.
        if (!command.isEmpty()) {
            line.add(command);
        }
        line.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().putAll(environment());
        builder.environment().put("MALLOC_ARENA_MAX", System.getProperty("gatehouse.cleanup.malloc.arenas"));
        // Extra JVM options for the job, e.g. a JFR recording in the benchmark (-Dbench.job.options=...).
        String jvmOptions = System.getProperty("bench.job.options");
        if (jvmOptions != null) {
            builder.environment().put("JAVA_TOOL_OPTIONS", jvmOptions);
        }
        return builder;
    }

    /**
     * Runs the job; when {@code killAfter} is set, kills it (SIGKILL) as soon as the {@code occurrence}-th log line
     * of that event appears, which lands at that step or a moment into the next.
     */
    Result runUntil(String killAfter, int occurrence, String command, String... options) {
        try {
            Process process = process(command, List.of(options)).start();
            AtomicLong peakRss = new AtomicLong(-1);
            AtomicLong cpuMillis = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            // VmHWM only grows, so the last reading before the process ends is its peak.
            sampler.scheduleAtFixedRate(() -> {
                peakRss.accumulateAndGet(ProcessMemory.peakRssMiB(process.toHandle()), Math::max);
                process.toHandle().info().totalCpuDuration().ifPresent(cpu -> cpuMillis.accumulateAndGet(cpu.toMillis(), Math::max));
            }, 0, 200, TimeUnit.MILLISECONDS);
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            List<String> stdout = new ArrayList<>();
            int seen = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    stdout.add(line);
                    if (killAfter != null && line.contains("\"event\":\"" + killAfter + "\"") && ++seen == occurrence) {
                        process.destroyForcibly();
                        break;
                    }
                }
            }
            if (!process.waitFor(60, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the job did not end within 60 minutes");
            }
            sampler.shutdownNow();
            return new Result(process.exitValue(), stdout, stderr.get(1, TimeUnit.MINUTES), peakRss.get(),
                    Duration.ofMillis(cpuMillis.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
