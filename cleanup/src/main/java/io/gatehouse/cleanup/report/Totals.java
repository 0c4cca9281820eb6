package io.gatehouse.cleanup.report;

import java.util.concurrent.atomic.AtomicLong;

/** What a run did to one source, updated by the workers as they go (progress reads it too). */
public final class Totals {
    public final AtomicLong rows = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong batches = new AtomicLong();
    public final AtomicLong failedBatches = new AtomicLong();
    public final AtomicLong deleted = new AtomicLong();
    public final AtomicLong resumed = new AtomicLong();
    private final String source;
    private final long startNanos = System.nanoTime();

    public Totals(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public long rowsPerSecond() {
        double seconds = seconds();
        return seconds <= 0 ? 0 : Math.round(rows.get() / seconds);
    }
}
