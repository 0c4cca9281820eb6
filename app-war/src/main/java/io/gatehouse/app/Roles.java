package io.gatehouse.app;

/** Realm roles of the gatehouse realm, as they arrive in the token's {@code groups} claim (rights within a tenant are in {@link io.gatehouse.app.security.Caller}). */
public final class Roles {
    public static final String USER = "user";

    private Roles() {
    }
}
