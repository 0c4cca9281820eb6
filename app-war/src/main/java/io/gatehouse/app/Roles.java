package io.gatehouse.app;

/** Realm roles of the gatehouse realm, as they arrive in the token's {@code groups} claim. */
public final class Roles {
    public static final String USER = "user";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
