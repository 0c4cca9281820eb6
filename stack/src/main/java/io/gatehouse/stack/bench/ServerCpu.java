package io.gatehouse.stack.bench;

import io.gatehouse.stack.ProcessStatus;
import io.gatehouse.stack.Stack;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU each server of a stack spends over a stretch of a benchmark (from /proc, children included): where the
 * shared cores went, so a figure per core can be one per core of the server measured.
 */
public final class ServerCpu {
    private final Stack stack;
    private final Map<String, Duration> start;

    private ServerCpu(Stack stack) {
        this.stack = stack;
        this.start = used(stack);
    }

    /** Starts counting now. */
    public static ServerCpu from(Stack stack) {
        return new ServerCpu(stack);
    }

    private static Map<String, Duration> used(Stack stack) {
        Map<String, Duration> used = new TreeMap<>();
        stack.running().forEach(server -> used.put(server.component().displayName(), ProcessStatus.cpu(server.process().handle())));
        return used;
    }

    /** CPU seconds per server (by display name) since {@link #from}. */
    public Map<String, Double> secondsSince() {
        Map<String, Double> seconds = new TreeMap<>();
        used(stack).forEach((server, now) -> seconds.put(server, now.minus(start.getOrDefault(server, Duration.ZERO)).toMillis() / 1000.0));
        return seconds;
    }

    /** {@code Cassandra 12.3, Keycloak 0.4, ...}: the seconds since {@link #from}, for a report line. */
    public static String describe(Map<String, Double> seconds) {
        StringBuilder line = new StringBuilder();
        seconds.forEach((server, spent) -> line.append(line.isEmpty() ? "" : ", ").append(String.format("%s %.1f", server, spent)));
        return line.toString();
    }
}
