package io.gatehouse.stack;

/** A server of the stack could not start; the message is one line that names the server. */
public class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String server;

    public StartupException(String server, String reason) {
        super(server + ": " + reason);
        this.server = server;
    }

    public StartupException(String server, String reason, Throwable cause) {
        super(server + ": " + reason, cause);
        this.server = server;
    }

    /** The display name of the server that failed, as {@link Component#displayName()} gives it. */
    public String server() {
        return server;
    }
}
