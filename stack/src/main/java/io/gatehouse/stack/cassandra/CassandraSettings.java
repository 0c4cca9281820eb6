package io.gatehouse.stack.cassandra;

import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.StackConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where Cassandra listens, how many nodes it runs, its heap and the JDK 17 it runs on. Node 1 listens on the stack's
 * host; a cluster's nodes n on 127.0.0.n, every one on the same CQL and storage ports (as Cassandra expects of its
 * peers), each with its own JMX port (JMX listens on 127.0.0.1 only).
 */
public record CassandraSettings(StackConfig stack, int port, int storagePort, int jmxPort, int nodes) implements ServerSettings {
    public static final int MAX_NODES = 3;

    public static CassandraSettings of(StackConfig stack) {
        int nodes = stack.settings().getInt("gatehouse.cassandra.nodes", stack.topology().cassandraNodes());
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("gatehouse.cassandra.nodes (GATEHOUSE_CASSANDRA_NODES) must be 1 to " + MAX_NODES + ", got " + nodes);
        }
        if (nodes > 1 && !stack.host().equals("127.0.0.1")) {
            throw new IllegalArgumentException("a Cassandra cluster of " + nodes + " nodes runs on 127.0.0.1 to 127.0.0." + nodes
                    + "; gatehouse.host is " + stack.host());
        }
        return new CassandraSettings(stack, stack.port("gatehouse.cassandra.port", 19042), stack.port("gatehouse.cassandra.storage-port", 17000),
                stack.port("gatehouse.cassandra.jmx-port", 17199), nodes);
    }

    @Override
    public Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>(Map.of("gatehouse.cassandra.port", port, "gatehouse.cassandra.storage-port", storagePort,
                "gatehouse.cassandra.jmx-port", jmxPort));
        for (int node = 2; node <= nodes; node++) {
            ports.put(jmxPortKey(node), jmxPort(node));
        }
        return ports;
    }

    /** Where a driver reaches node 1. */
    public InetSocketAddress address() {
        return address(1);
    }

    /** Where a driver reaches node n (1 to {@link #nodes()}). */
    public InetSocketAddress address(int node) {
        return new InetSocketAddress(host(node), port);
    }

    public String host(int node) {
        return node == 1 ? stack.host() : "127.0.0." + node;
    }

    public int jmxPort(int node) {
        return node == 1 ? jmxPort : stack.port(jmxPortKey(node), jmxPort + 100 * (node - 1));
    }

    /** host:port of every node, comma-separated, as the API's and the cleanup job's contact-point settings take them. */
    public String contactPoints() {
        return IntStream.rangeClosed(1, nodes).mapToObj(node -> host(node) + ":" + port).collect(Collectors.joining(","));
    }

    /** Every node holds every row: 1 on a single node, 3 on a cluster of 3 (as in AWS). */
    public int replicationFactor() {
        return nodes;
    }

    /** Node 1's data where a single node has always kept it; a cluster's apart, so one topology never reads the other's. */
    public Path dataDir(int node) {
        return nodes == 1 ? stack.workDir().resolve("cassandra") : stack.workDir().resolve("cassandra-cluster").resolve("node" + node);
    }

    private static String jmxPortKey(int node) {
        return "gatehouse.cassandra.node" + node + ".jmx-port";
    }

    public String datacenter() {
        return "datacenter1";
    }

    /**
     * {@code batch} (the default): a write is acknowledged once the commit log holds it, so a SIGKILL loses nothing
     * acknowledged. {@code periodic}: synced every 10 s, as the AWS nodes run (three replicas hold each write); for
     * benchmarks that load millions of rows and measure something else.
     */
    public String commitlogSync() {
        String sync = stack.settings().get("gatehouse.cassandra.commitlog-sync", "batch");
        if (!sync.equals("batch") && !sync.equals("periodic")) {
            throw new IllegalArgumentException("gatehouse.cassandra.commitlog-sync (GATEHOUSE_CASSANDRA_COMMITLOG_SYNC) must be batch or periodic, got " + sync);
        }
        return sync;
    }

    public String heap() {
        return stack.settings().get("gatehouse.cassandra.heap", "1g");
    }

    /** Cassandra 5.0 runs only on JDK 17; the stack itself may run on a newer one. */
    public Path java17Home() {
        return stack.settings().find("gatehouse.java17.home").map(Path::of).orElseGet(CassandraSettings::findJava17);
    }

    private static Path findJava17() {
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() == 17) {
            return current;
        }
        try (var candidates = Files.list(Path.of("/usr/lib/jvm"))) {
            return candidates.filter(dir -> dir.getFileName().toString().contains("17"))
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/java")))
                    .sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("needs a JDK 17 (Cassandra 5.0 does not start on "
                            + Runtime.version().feature() + "); set GATEHOUSE_JAVA17_HOME"));
        } catch (IOException e) {
            throw new IllegalStateException("needs a JDK 17; set GATEHOUSE_JAVA17_HOME", e);
        }
    }
}
