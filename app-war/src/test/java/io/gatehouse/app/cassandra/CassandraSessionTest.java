package io.gatehouse.app.cassandra;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraSessionTest {

    @Test
    void parsesACommaSeparatedListOfContactPoints() {
        assertThat(CassandraSession.parse("127.0.0.1:19042, cassandra-2:9042"))
                .containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 19042), InetSocketAddress.createUnresolved("cassandra-2", 9042));
    }

    @Test
    void aContactPointWithoutPortIsAClearError() {
        assertThatThrownBy(() -> CassandraSession.parse("127.0.0.1"))
                .hasMessageContaining("gatehouse.cassandra.contact-points must be host:port");
    }
}
