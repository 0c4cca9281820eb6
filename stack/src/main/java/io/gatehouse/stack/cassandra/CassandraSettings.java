package io.gatehouse.stack.cassandra;

import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.StackConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where Cassandra listens, its heap and the JDK 17 it runs on. */
public record CassandraSettings(StackConfig stack, int port, int storagePort, int jmxPort) implements ServerSettings {
    public static CassandraSettings of(StackConfig stack) {
        return new CassandraSettings(stack, stack.port("gatehouse.cassandra.port", 19042), stack.port("gatehouse.cassandra.storage-port", 17000),
                stack.port("gatehouse.cassandra.jmx-port", 17199));
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("gatehouse.cassandra.port", port, "gatehouse.cassandra.storage-port", storagePort, "gatehouse.cassandra.jmx-port", jmxPort);
    }

    /** Where a driver reaches it. */
    public InetSocketAddress address() {
        return new InetSocketAddress(stack.host(), port);
    }

    /** host:port, as the API's and the cleanup job's contact-point settings take it. */
    public String contactPoint() {
        return stack.host() + ":" + port;
    }

    public String datacenter() {
        return "datacenter1";
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
