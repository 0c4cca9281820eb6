package io.gatehouse.records.schema;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactPointsTest {

    @Test
    void parsesACommaSeparatedListOfContactPoints() {
        assertThat(ContactPoints.parse("--cassandra", "127.0.0.1:19042, cassandra-2:9042"))
                .containsExactly(InetSocketAddress.createUnresolved("127.0.0.1", 19042), InetSocketAddress.createUnresolved("cassandra-2", 9042));
    }

    @Test
    void aContactPointWithoutAPortOrWithABadOneIsAClearErrorNamingTheSetting() {
        assertThatThrownBy(() -> ContactPoints.parse("gatehouse.cassandra.contact-points", "127.0.0.1"))
                .hasMessage("gatehouse.cassandra.contact-points must be host:port[,host:port], got '127.0.0.1'");
        assertThatThrownBy(() -> ContactPoints.parse("--cassandra", "a:1,b:x")).hasMessageContaining("got 'a:1,b:x'");
        assertThatThrownBy(() -> ContactPoints.parse("--cassandra", "a:99999")).hasMessageContaining("got 'a:99999'");
        assertThatThrownBy(() -> ContactPoints.parse("--cassandra", ":9042")).hasMessageContaining("got ':9042'");
    }
}
