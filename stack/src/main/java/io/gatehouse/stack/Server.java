package io.gatehouse.stack;

/**
 * A server of the stack, started and ready. Each kind has a {@link ServerSettings} of its own, and a start function that
 * its {@link Component} names: adding a server is that class and one enum constant.
 */
public interface Server extends AutoCloseable {
    ServerProcess process();

    /** Where clients reach it, as printed once it is ready. */
    String endpoint();

    /** Stops it through its own process handle. */
    @Override
    default void close() {
        process().close();
    }
}
