package io.gatehouse.stack;

/** A server of the stack could not start; the message is one line that names the component. */
public class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Component component;

    public StartupException(Component component, String reason) {
        super(component.displayName() + ": " + reason);
        this.component = component;
    }

    public StartupException(Component component, String reason, Throwable cause) {
        super(component.displayName() + ": " + reason, cause);
        this.component = component;
    }

    public Component component() {
        return component;
    }
}
