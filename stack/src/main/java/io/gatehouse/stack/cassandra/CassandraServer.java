package io.gatehouse.stack.cassandra;

import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Apache Cassandra ({@code cassandra-all} and its dependencies from Maven Central) as a single node in its own
 * JDK 17 JVM. A separate process, because in-JVM Cassandra installs a security manager, may call System.exit
 * and clashes with the caller's class path.
 */
public record CassandraServer(ServerProcess process, CassandraSettings settings) implements Server {
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

    /** Start-up shortcuts safe for a throw-away single node (measured: ~18 s to CQL-ready without, ~5 s with). */
    private static final List<String> FAST_START_FLAGS = List.of(
            "-Dcassandra-foreground=yes",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.ring_delay_ms=100",
            "-Dcassandra.superuser_setup_delay_ms=0",
            "-Dcassandra.unsafesystem=true",
            "-Dcassandra.skip_sync=true",
            "-Dcassandra.test.ignore_sigar=true");

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
        Path work = stack.workDir().resolve("cassandra");
        Path yaml = writeConfig(startup, settings, work);

        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms512m", "-Xmx" + settings.heap(), "-javaagent:" + jamm));
        command.addAll(JDK17_FLAGS);
        command.addAll(FAST_START_FLAGS);
        command.addAll(List.of(
                "-Dcassandra.config=" + yaml.toUri(),
                "-Dcassandra.storagedir=" + work,
                "-Dcassandra.logdir=" + work.resolve("logs"),
                "-Dcassandra.jmx.local.port=" + settings.jmxPort(),
                "-Dlogback.configurationFile=" + work.resolve("conf/logback.xml").toUri(),
                "-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(":")),
                "org.apache.cassandra.service.CassandraDaemon"));
        ServerProcess process = startup.run(command, Map.of(), work, work.resolve("cassandra.log"));
        // The native transport opens last in Cassandra's start-up, once the node can serve CQL.
        startup.awaitReady(process, ServerProcess.listening(stack.host(), settings.port()));
        return new CassandraServer(process, settings);
    }

    private static Path writeConfig(Startup startup, CassandraSettings settings, Path work) {
        try {
            Path conf = Files.createDirectories(work.resolve("conf"));
            String yaml = resource("cassandra.yaml")
                    .replace("@HOST@", settings.stack().host())
                    .replace("@STORAGE_PORT@", Integer.toString(settings.storagePort()))
                    .replace("@NATIVE_PORT@", Integer.toString(settings.port()))
                    .replace("@WORK@", work.toString());
            Files.writeString(conf.resolve("cassandra.yaml"), yaml);
            Files.writeString(conf.resolve("logback.xml"), resource("logback.xml"));
            return conf.resolve("cassandra.yaml");
        } catch (IOException e) {
            throw startup.failure("cannot write its configuration under " + work + ": " + e.getMessage(), e);
        }
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
    public String endpoint() {
        return "cql://" + settings.contactPoint();
    }
}
