package io.gatehouse.app.security;

/** A verified token that names no usable tenant, or no right the call needs in it; answered with 403. */
public class TenantForbidden extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TenantForbidden(String message) {
        super(message);
    }
}
