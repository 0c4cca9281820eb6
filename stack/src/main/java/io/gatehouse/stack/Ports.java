package io.gatehouse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Port checks done before a server starts, so that a taken port is a clear error and not a crash log. */
public final class Ports {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Above the stack's own default ports (17000-19999), which a developer's running stack may hold. */
    private static final int FIRST_CHOSEN = 20000;
    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private Ports() {
    }

    /**
     * A port that is free right now on the loopback address; used when a setting asks for port 0. Never one this JVM
     * handed out before: the servers bind theirs only once they start, and the system may offer a port again as soon
     * as it was closed here (seen: Cassandra and Keycloak given the same one). Taken from below the system's ephemeral
     * range: a port from inside it can become the local end of any process's outgoing connection before the server it
     * was picked for binds it (seen on CI: a Cassandra node's JMX port taken minutes after it was picked).
     */
    public static int free() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200 && below > FIRST_CHOSEN; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_CHOSEN, below);
            if (bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        // No free port below the range (or no range known): let the system choose.
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on the loopback address", e);
            }
        }
        throw new IllegalStateException("the system kept offering ports this process handed out already");
    }

    /** Linux's first ephemeral port (ip_local_port_range), or {@link #FIRST_CHOSEN} where it cannot be read. */
    static int ephemeralRangeStart() {
        // Read as a stream to its end: procfs reports a size of 0, and Files.readString then returns the first byte only.
        try (InputStream in = Files.newInputStream(EPHEMERAL_RANGE)) {
            String[] range = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return FIRST_CHOSEN;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static void requireFree(String server, String host, int port, String settingKey) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartupException(server, "port " + port + " on " + host + " is already in use (set "
                    + Settings.environmentName(settingKey) + " to another port)");
        }
    }

    /** True when something accepts TCP connections on the address. */
    public static boolean isListening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
