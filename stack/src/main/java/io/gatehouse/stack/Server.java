package io.gatehouse.stack;

import java.util.List;

/**
 * A server of the stack, started and ready. Each kind has a {@link ServerSettings} of its own, and a start function that
 * its {@link Component} names: adding a server is that class and one enum constant.
 */
public interface Server extends AutoCloseable {
    /** Its process; for a server of several (a cluster's nodes), the first. */
    ServerProcess process();

    /** Every process it runs, each stopped by {@link #close()}. */
    default List<ServerProcess> processes() {
        return List.of(process());
    }

    /** Where clients reach it, as printed once it is ready. */
    String endpoint();

    /** Stops it through its own process handle. */
    @Override
    default void close() {
        processes().forEach(ServerProcess::close);
    }
}
