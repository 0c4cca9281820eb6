package io.gatehouse.records.schema;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Cassandra contact points as the API and the cleanup job are configured with them: {@code host:port[,host:port]}. */
public final class ContactPoints {
    private ContactPoints() {
    }

    /**
     * The addresses, unresolved (the driver resolves them, again on each reconnection).
     *
     * @param setting the setting's name, for the error
     * @throws IllegalArgumentException naming the setting, its expected form and the value given
     */
    public static List<InetSocketAddress> parse(String setting, String contactPoints) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (String hostPort : contactPoints.split(",")) {
            String point = hostPort.trim();
            int colon = point.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                points.add(InetSocketAddress.createUnresolved(point.substring(0, colon), Integer.parseInt(point.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + " must be host:port[,host:port], got '" + contactPoints + "'");
            }
        }
        return points;
    }
}
