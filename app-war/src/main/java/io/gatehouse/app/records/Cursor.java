package io.gatehouse.app.records;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Where the next page starts: after this record. Opaque to clients (base64url of the record id). */
public record Cursor(UUID after) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(after.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException for anything this API did not hand out */
    public static Cursor decode(String value) {
        try {
            UUID id = UUID.fromString(new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII));
            if (id.version() != 1) {
                throw new IllegalArgumentException("not a record id");
            }
            return new Cursor(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this API returned", e);
        }
    }
}
