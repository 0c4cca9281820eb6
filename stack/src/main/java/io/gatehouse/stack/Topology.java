package io.gatehouse.stack;

import java.util.Locale;

/**
 * How many nodes the local stack runs of the servers that cluster: {@code single} (the default, fast) or {@code ha},
 * the shape the AWS deployment has (three Cassandra nodes). Setting {@code gatehouse.topology}
 * (GATEHOUSE_TOPOLOGY); a server's own node-count setting wins over it.
 */
public enum Topology {
    SINGLE(1), HA(3);

    private final int cassandraNodes;

    Topology(int cassandraNodes) {
        this.cassandraNodes = cassandraNodes;
    }

    public int cassandraNodes() {
        return cassandraNodes;
    }

    static Topology of(Settings settings) {
        String value = settings.get("gatehouse.topology", "single");
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gatehouse.topology (GATEHOUSE_TOPOLOGY) must be single or ha, got " + value, e);
        }
    }
}
