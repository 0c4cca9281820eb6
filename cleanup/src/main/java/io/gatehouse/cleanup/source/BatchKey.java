package io.gatehouse.cleanup.source;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A batch's name, fixed by its data alone: the source, whose rows (a tenant, a realm) and which period (a month, a
 * day), e.g. {@code records/acme/2025-01}. It is the batch's folder in the archive, so the owner is URL-encoded there.
 */
public record BatchKey(String source, String owner, String period) {

    /** The key as the archive writes it; a source checks the period's form itself ({@link Source#batch}). */
    public static BatchKey parse(String key) {
        String[] parts = key.split("/");
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a batch key (source/owner/period): " + key);
        }
        return new BatchKey(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8), parts[2]);
    }

    /** This key, when it names a batch of that source; an error naming the key otherwise. */
    BatchKey of(String expectedSource) {
        if (!source.equals(expectedSource)) {
            throw new IllegalArgumentException("not a " + expectedSource + " batch: " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return source + "/" + URLEncoder.encode(owner, StandardCharsets.UTF_8) + "/" + period;
    }
}
