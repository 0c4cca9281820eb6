package io.gatehouse.backup.node;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node's own management interface (JMX, as nodetool uses it; Cassandra opens it on 127.0.0.1 only), through the
 * JDK's JMX client: no Cassandra classes needed, so the tool does not depend on the server's jars or version.
 */
public final class CassandraJmx implements AutoCloseable {
    private static final ObjectName STORAGE_SERVICE = name("org.apache.cassandra.db:type=StorageService");
    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final String address;

    private CassandraJmx(JMXConnector connector, String address) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.address = address;
    }

    /** @param address host:port of the node's JMX (7199 by default) */
    public static CassandraJmx connect(String address) {
        try {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi");
            return new CassandraJmx(JMXConnectorFactory.connect(url, Map.of()), address);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Cassandra's JMX at " + address + " (is the node running, and is this its host?)");
        }
    }

    public String clusterName() {
        return (String) attribute("ClusterName");
    }

    public String hostId() {
        return (String) attribute("LocalHostId");
    }

    public String releaseVersion() {
        return (String) attribute("ReleaseVersion");
    }

    @SuppressWarnings("unchecked")
    public List<String> tokens() {
        return List.copyOf((List<String>) attribute("Tokens"));
    }

    /** Where the node keeps its tables (data_file_directories). */
    public List<Path> dataDirectories() {
        return Arrays.stream((String[]) attribute("AllDataFileLocations")).map(Path::of).toList();
    }

    /** Flushes the keyspaces' memtables and hard-links every SSTable into snapshots/{tag} of each table's folder. */
    public void snapshot(String tag, List<String> keyspaces) {
        invoke(STORAGE_SERVICE, "takeSnapshot", new Object[]{tag, new HashMap<>(Map.of("skipFlush", "false")), keyspaces.toArray(String[]::new)},
                String.class.getName(), Map.class.getName(), String[].class.getName());
    }

    public void clearSnapshot(String tag, List<String> keyspaces) {
        invoke(STORAGE_SERVICE, "clearSnapshot", new Object[]{tag, keyspaces.toArray(String[]::new)}, String.class.getName(), String[].class.getName());
    }

    /** The tags of the node's snapshots. */
    public Set<String> snapshotTags() {
        return Set.copyOf(((Map<?, ?>) attribute("SnapshotDetails")).keySet().stream().map(Object::toString).toList());
    }

    public boolean hasTable(String keyspace, String table) {
        try {
            return server.isRegistered(table(keyspace, table));
        } catch (IOException e) {
            throw new UncheckedIOException("JMX at " + address, e);
        }
    }

    /**
     * {@code nodetool import}: copies the SSTables of {@code folder} into the live table after Cassandra has verified
     * them (every value read, every token one this node owns). Returns the folders that failed; empty when all went in.
     */
    @SuppressWarnings("unchecked")
    public List<String> importSSTables(String keyspace, String table, Path folder) {
        Object failed = invoke(table(keyspace, table), "importNewSSTables",
                new Object[]{new HashSet<>(Set.of(folder.toString())), true, true, true, true, true, true, true},
                Set.class.getName(), "boolean", "boolean", "boolean", "boolean", "boolean", "boolean", "boolean");
        return new ArrayList<>((List<String>) failed);
    }

    private Object attribute(String name) {
        try {
            return server.getAttribute(STORAGE_SERVICE, name);
        } catch (JMException e) {
            throw new IllegalStateException("Cassandra's JMX at " + address + " has no " + name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("JMX at " + address, e);
        }
    }

    private Object invoke(ObjectName target, String operation, Object[] arguments, String... signature) {
        try {
            return server.invoke(target, operation, arguments, signature);
        } catch (javax.management.MBeanException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Cassandra refused " + operation + ": " + cause.getMessage(), cause);
        } catch (JMException e) {
            throw new IllegalStateException("Cassandra's " + operation + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("JMX at " + address, e);
        }
    }

    private static ObjectName table(String keyspace, String table) {
        return name("org.apache.cassandra.db:type=Tables,keyspace=" + keyspace + ",table=" + table);
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the connection is gone either way
        }
    }
}
