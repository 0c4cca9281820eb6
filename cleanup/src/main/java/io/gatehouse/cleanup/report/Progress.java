package io.gatehouse.cleanup.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A progress line on the terminal every two seconds (rows, MB, rate); silent when not on a terminal (ECS). */
public final class Progress implements AutoCloseable {
    private final ScheduledExecutorService ticker;
    private final PrintStream terminal;

    private Progress(ScheduledExecutorService ticker, PrintStream terminal) {
        this.ticker = ticker;
        this.terminal = terminal;
    }

    public static Progress show(Totals totals, PrintStream terminal, boolean interactive) {
        if (!interactive) {
            return new Progress(null, terminal);
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> terminal.printf(Locale.ROOT, "\r%s: %,d rows, %.1f MB, %,d rows/s, %d batches   ",
                totals.source(), totals.rows.get(), totals.bytes.get() / 1e6, totals.rowsPerSecond(), totals.batches.get()),
                2, 2, TimeUnit.SECONDS);
        return new Progress(ticker, terminal);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            terminal.println();
        }
    }
}
