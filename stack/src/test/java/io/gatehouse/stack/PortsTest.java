package io.gatehouse.stack;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {
    @Test
    void freePortsComeFromBelowTheEphemeralRangeAreNeverHandedOutTwiceAndCanBeBound() throws Exception {
        int ephemeral = Ports.ephemeralRangeStart();
        if (java.nio.file.Files.exists(Ports.EPHEMERAL_RANGE)) {
            // The first number of the range as the shell sees it.
            java.util.List<String> lines = java.nio.file.Files.readAllLines(Ports.EPHEMERAL_RANGE);
            assertThat(ephemeral).isEqualTo(Integer.parseInt(lines.get(0).trim().split("\\s+")[0])).isGreaterThan(1024);
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.free();
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
            if (ephemeral > 20000) {
                assertThat(port).as("outside the range outgoing connections take their local ports from")
                        .isBetween(20000, ephemeral - 1);
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
