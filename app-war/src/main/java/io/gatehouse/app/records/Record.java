package io.gatehouse.app.records;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A user's record; {@code version} grows with every change and is the ETag of optimistic concurrency. */
public record Record(UUID id, String owner, String title, String body, Set<String> tags,
                     Instant createdAt, Instant updatedAt, int version) {
}
