package io.gatehouse.cleanup.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an archive run covers: the moment it measures age from, an optional minimum age (records never go before
 * their tenant's retention whatever this says), an optional tenant, and the shard of the token ring.
 */
public record Selection(Instant now, Optional<Duration> olderThan, Optional<String> tenant, Shard shard) {
}
