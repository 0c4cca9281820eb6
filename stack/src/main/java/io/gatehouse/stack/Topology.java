package io.gatehouse.stack;

import java.util.Locale;

/**
 * How many nodes the local stack runs of the servers that cluster: {@code single} (the default, fast) or {@code ha},
 * the shape the AWS deployment has (three Cassandra nodes, two Keycloak nodes behind a load balancer). Setting {@code gatehouse.topology}
 * (GATEHOUSE_TOPOLOGY); a server's own node-count setting wins over it.
 */
public enum Topology {
    SINGLE(1, 1), HA(3, 2);

    private final int cassandraNodes;
    private final int keycloakNodes;

    Topology(int cassandraNodes, int keycloakNodes) {
        this.cassandraNodes = cassandraNodes;
        this.keycloakNodes = keycloakNodes;
    }

    public int cassandraNodes() {
        return cassandraNodes;
    }

    public int keycloakNodes() {
        return keycloakNodes;
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
