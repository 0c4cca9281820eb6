package io.gatehouse.app.security;

import io.gatehouse.app.errors.ProblemException;
import jakarta.ws.rs.core.Response;

/** A verified token that names no usable tenant, or no right the call needs in it; answered with 403. */
public class TenantForbidden extends ProblemException {
    private static final long serialVersionUID = 1L;

    public TenantForbidden(String message) {
        super(Response.Status.FORBIDDEN, message);
    }
}
