package io.gatehouse.backup;

import io.gatehouse.stack.Stack;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.s3.S3Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the packaged tool ({@code java -jar target/dist/gatehouse-cassandra-backup.jar}) beside the stack's node, as a node's timer does. */
final class BackupTool {
    private final Stack stack;

    BackupTool(Stack stack) {
        this.stack = stack;
    }

    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** The node's and the bucket's settings, as the node's environment gives them. */
    Map<String, String> environment() {
        S3Settings s3 = S3Settings.of(stack.config());
        return Map.of("GATEHOUSE_BACKUP_JMX", "127.0.0.1:" + stack.server(CassandraServer.class).settings().jmxPort(1),
                "GATEHOUSE_BACKUP_BUCKET", s3.bucket(), "GATEHOUSE_S3_ENDPOINT", stack.server(S3Server.class).settings().url(),
                "AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey());
    }

    Result run(String... arguments) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("gatehouse.backup.jar")));
        line.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().putAll(environment());
        try {
            Process process = builder.start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process, true));
            String stdout = read(process, false);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the tool did not end within 10 minutes");
            }
            return new Result(process.exitValue(), stdout, stderr.get(1, TimeUnit.MINUTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Process process, boolean error) {
        try {
            return new String((error ? process.getErrorStream() : process.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
