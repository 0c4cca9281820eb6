package io.gatehouse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port checks done before a server starts, so that a taken port is a clear error and not a crash log. */
public final class Ports {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private Ports() {
    }

    /**
     * A port that is free right now on the loopback address; used when a setting asks for port 0. Never one this JVM
     * handed out before: the servers bind theirs only once they start, and the system may offer a port again as soon
     * as it was closed here (seen: Cassandra and Keycloak given the same one).
     */
    public static int free() {
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
