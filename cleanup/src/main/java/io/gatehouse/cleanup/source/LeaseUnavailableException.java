package io.gatehouse.cleanup.source;

/** Another run holds a source's lease (EventBridge may start a duplicate run): this run leaves the source alone. */
public class LeaseUnavailableException extends RuntimeException {
    public LeaseUnavailableException(String source, String holder) {
        super("another run (" + holder + ") is working on " + source);
    }
}
