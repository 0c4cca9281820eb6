package io.gatehouse.cleanup.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where old rows come from: one implementation per table family, so a new source is one new class. A source cuts
 * its rows into {@link Batch}es whose keys are fixed by the data alone (never by when the job runs), which is what
 * lets a crashed or repeated run find and finish its own earlier work.
 */
public interface Source {
    /** The name used on the command line, in object keys and in metrics, e.g. {@code records}. */
    String name();

    /**
     * Takes this source's lease on a shard ({@link Shard#ALL} for the whole source), or throws
     * {@link LeaseUnavailableException} when another run holds it. While the lease is held no other archive or restore
     * run touches those rows. A source that cannot be split takes one lease whatever the shard.
     */
    Lease lease(String holder, Shard shard);

    /** What an archive run covers given the command line, with this source's own rules for what it left out (a minimum age). */
    Selection select(Instant now, Optional<Duration> olderThan, Optional<String> tenant, Shard shard);

    /** Hands each batch that is old enough to archive, in a stable order. */
    void eligibleBatches(Selection selection, Consumer<Batch> each);

    /** The batch an archived object belongs to, from its key (as {@link Batch#key()} made it). */
    Batch batch(BatchKey key);
}
