package io.gatehouse.app.security;

/** A verified token that carries no usable tenant; answered with 403. */
public class NoTenantException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoTenantException(String message) {
        super(message);
    }
}
