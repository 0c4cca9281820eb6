package io.gatehouse.stack.cassandra;

import io.gatehouse.stack.NodeSlots;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Apache Cassandra ({@code cassandra-all} and its dependencies from Maven Central): one node, or a cluster of up to
 * three in one datacenter, a rack each, each node in its own JDK 17 JVM. Separate processes, because in-JVM Cassandra
 * installs a security manager, may call System.exit and clashes with the caller's class path. Tests take a node down
 * and bring it back through {@link #node(int)}.
 */
public final class CassandraServer implements Server {
    /** From Cassandra's conf/jvm17-server.options. */
    private static final List<String> JDK17_FLAGS = List.of(
            "-XX:+UseG1GC", "-XX:+ParallelRefProcEnabled", "-XX:MaxTenuringThreshold=1", "-XX:G1HeapRegionSize=16m",
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    /**
     * Start-up shortcuts for a local node (measured: ~18 s to CQL-ready without, ~5 s with). Not unsafesystem: it
     * keeps schema changes out of the commit log, so a node killed with SIGKILL came back without the records keyspace
     * it had been serving (CassandraNodeLossIT). skip_sync leaves the commit log to the page cache: safe against a
     * process crash, not against the machine losing power.
     */
    private static final List<String> FAST_START_FLAGS = List.of(
            "-Dcassandra-foreground=yes",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.ring_delay_ms=100",
            "-Dcassandra.superuser_setup_delay_ms=0",
            "-Dcassandra.skip_sync=true",
            "-Dcassandra.test.ignore_sigar=true");

    private static final int JOINING_RING_DELAY_MILLIS = 60_000;
    private final CassandraSettings settings;
    private final Startup startup;
    private final List<String> command;
    private final NodeSlots<CassandraNode> nodes;

    private CassandraServer(CassandraSettings settings, Startup startup, List<String> command) {
        this.settings = settings;
        this.startup = startup;
        this.command = command;
        this.nodes = new NodeSlots<>(settings.nodes());
    }

    public static CassandraServer start(Startup startup) {
        StackConfig stack = startup.config();
        CassandraSettings settings = CassandraSettings.of(stack);
        Path java;
        try {
            java = settings.java17Home().resolve("bin/java");
        } catch (IllegalStateException e) {
            throw startup.failure(e.getMessage(), e);
        }
        List<Path> classpath = startup.artifacts().resolveClasspath("org.apache.cassandra:cassandra-all:" + stack.version("cassandra"));
        Path jamm = classpath.stream().filter(jar -> jar.getFileName().toString().startsWith("jamm-")).findFirst()
                .orElseThrow(() -> startup.failure("jamm agent jar not among Cassandra's dependencies"));
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms512m", "-Xmx" + settings.heap(), "-javaagent:" + jamm));
        command.addAll(JDK17_FLAGS);
        command.addAll(FAST_START_FLAGS);
        command.addAll(List.of("-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(":"))));
        CassandraServer server = new CassandraServer(settings, startup, command);
        try {
            // The first seed, then the others together: none streams data on joining (auto_bootstrap off, every node
            // starts empty with the cluster), so they need not take turns.
            server.startNode(1);
            List<CompletableFuture<CassandraNode>> others = IntStream.rangeClosed(2, settings.nodes())
                    .mapToObj(node -> CompletableFuture.supplyAsync(() -> server.startNode(node))).toList();
            others.forEach(CompletableFuture::join);
        } catch (CompletionException e) {
            server.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Node n (1 to the cluster's size), as it runs now. */
    public CassandraNode node(int number) {
        return nodes.get(number);
    }

    public List<CassandraNode> nodes() {
        return nodes.started();
    }

    /** Starts node n again on its data, as an operator would after it died; returns once it serves CQL. */
    public CassandraNode restart(int number) {
        CassandraNode node = node(number);
        if (node.process().isAlive()) {
            throw new IllegalStateException("Cassandra node " + number + " is still running (pid " + node.process().pid() + ")");
        }
        return startNode(number);
    }

    private CassandraNode startNode(int number) {
        Path work = settings.dataDir(number);
        Path yaml = writeConfig(startup, settings, number, work);
        List<String> nodeCommand = new ArrayList<>(command);
        nodeCommand.addAll(nodeCommand.indexOf("-cp"), List.of(
                "-Dcassandra.config=" + yaml.toUri(),
                "-Dcassandra-rackdc.properties=" + yaml.resolveSibling("cassandra-rackdc.properties").toUri(),
                "-Dcassandra.storagedir=" + work,
                "-Dcassandra.logdir=" + work.resolve("logs"),
                "-Dcassandra.jmx.local.port=" + settings.jmxPort(number),
                "-Dlogback.configurationFile=" + work.resolve("conf/logback.xml").toUri()));
        if (number > 1) {
            // A node that is not the first seed gives up on joining when no seed answers its first gossip round within
            // the ring delay: the fast-start 100 ms failed node 3 on a busy 2-core CI machine ("Unable to gossip with any
            // peers"; node 1's gossip had stalled for 47 s while Keycloak, Liberty and two more nodes started). The round
            // ends as soon as a seed answers, so only a node whose seeds are all gone waits this long. The last -D wins;
            // nothing else waits on it here (no bootstrap, no settling wait).
            nodeCommand.add(nodeCommand.indexOf("-cp"), "-Dcassandra.ring_delay_ms=" + JOINING_RING_DELAY_MILLIS);
        }
        nodeCommand.add("org.apache.cassandra.service.CassandraDaemon");
        ServerProcess process = startup.run(nodeCommand, Map.of(), work, work.resolve("cassandra.log"));
        CassandraNode node = new CassandraNode(number, settings.address(number), process);
        nodes.set(number, node);
        // The native transport opens last in Cassandra's start-up, once the node can serve CQL.
        startup.awaitReady(process, ServerProcess.listening(settings.host(number), settings.port()));
        return node;
    }

    private static Path writeConfig(Startup startup, CassandraSettings settings, int node, Path work) {
        try {
            Path conf = Files.createDirectories(work.resolve("conf"));
            String seeds = IntStream.rangeClosed(1, Math.min(2, settings.nodes()))
                    .mapToObj(seed -> settings.host(seed) + ":" + settings.storagePort()).collect(Collectors.joining(","));
            String yaml = resource("cassandra.yaml")
                    .replace("@HOST@", settings.host(node))
                    .replace("@SEEDS@", seeds)
                    .replace("@TOKEN@", token(node, settings.nodes()))
                    .replace("@HINTS@", Boolean.toString(settings.nodes() > 1))
                    .replace("@STORAGE_PORT@", Integer.toString(settings.storagePort()))
                    .replace("@NATIVE_PORT@", Integer.toString(settings.port()))
                    .replace("@COMMITLOG_SYNC@", settings.commitlogSync().equals("batch") ? "batch" : "periodic\ncommitlog_sync_period: 10000ms")
                    .replace("@WORK@", work.toString());
            Files.writeString(conf.resolve("cassandra.yaml"), yaml);
            Files.writeString(conf.resolve("cassandra-rackdc.properties"), "dc=" + settings.datacenter() + "\nrack=rack" + node + "\n");
            Files.writeString(conf.resolve("logback.xml"), resource("logback.xml"));
            return conf.resolve("cassandra.yaml");
        } catch (IOException e) {
            throw startup.failure("cannot write its configuration under " + work + ": " + e.getMessage(), e);
        }
    }

    /** A single node keeps token 0 (as it always had); a cluster's nodes split Murmur3's range evenly. */
    static String token(int node, int nodes) {
        if (nodes == 1) {
            return "0";
        }
        BigInteger range = BigInteger.TWO.pow(64);
        return BigInteger.TWO.pow(63).negate().add(range.multiply(BigInteger.valueOf(node - 1)).divide(BigInteger.valueOf(nodes))).toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CassandraServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " missing from the stack jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public ServerProcess process() {
        return node(1).process();
    }

    @Override
    public List<ServerProcess> processes() {
        return nodes().stream().map(CassandraNode::process).toList();
    }

    public CassandraSettings settings() {
        return settings;
    }

    @Override
    public String endpoint() {
        return "cql://" + settings.contactPoints() + (settings.nodes() > 1 ? " (" + settings.nodes() + " nodes, replication factor "
                + settings.replicationFactor() + ")" : "");
    }
}
