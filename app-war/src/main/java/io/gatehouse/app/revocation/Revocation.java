package io.gatehouse.app.revocation;

import java.time.Instant;

/**
 * What Keycloak ended at {@code at}: one session ({@code sid}, every token of it) or, without a sid, every session
 * of the user ({@code sub}) that started before then.
 */
public record Revocation(String sid, String sub, Instant at) {
    public Revocation {
        if ((sid == null || sid.isBlank()) && (sub == null || sub.isBlank())) {
            throw new IllegalArgumentException("a revocation names a session (sid) or a user (sub)");
        }
    }
}
