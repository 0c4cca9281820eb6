package io.gatehouse.cleanup.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.BooleanSupplier;

/** A set of rows archived, deleted and restored together: a tenant's month of records, a realm's day of events. */
public interface Batch {
    /** Deterministic, e.g. {@code records/acme/2025-01}; used as the batch's folder in the archive. */
    BatchKey key();

    /**
     * Streams every row of the batch to {@code rows}, one JSON object per line, and returns what {@link #delete}
     * needs to remove exactly these rows later (kept in the manifest).
     */
    Scope read(RowSink rows) throws IOException;

    /**
     * Deletes the rows {@link #read} returned {@code scope} for, in bounded steps, checking {@code leaseHeld} before
     * each; returns how many rows (or partitions, see the source) it removed.
     */
    long delete(Scope scope, BooleanSupplier leaseHeld);

    /**
     * Refuses a scope read back from the archive that names anything but rows of this batch: {@code rows} rows in all,
     * none written after {@code archivedAt}. Called before {@link #delete} acts on a manifest.
     *
     * @throws IllegalStateException naming what does not fit
     */
    void checkScope(Scope scope, long rows, Instant archivedAt);

    /** Puts archived rows back; idempotent (a row already there stays as it is). Returns rows written. */
    long restore(Iterator<String> rows);

    /** Receives a batch's rows as JSON lines. */
    interface RowSink {
        /** One row: bytes 0 to {@code length} of {@code utf8Json}, without a newline; the array is reused after the call. */
        void accept(byte[] utf8Json, int length) throws IOException;

        default void accept(String jsonLine) throws IOException {
            byte[] utf8Json = jsonLine.getBytes(StandardCharsets.UTF_8);
            accept(utf8Json, utf8Json.length);
        }
    }
}
