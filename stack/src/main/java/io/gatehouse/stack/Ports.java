package io.gatehouse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks done before a server starts, so that a taken port is a clear error and not a crash log. */
public final class Ports {
    private Ports() {
    }

    /** A port that is free right now on the loopback address; used when a setting asks for port 0. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback address", e);
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
