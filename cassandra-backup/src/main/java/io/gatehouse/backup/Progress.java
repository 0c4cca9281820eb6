package io.gatehouse.backup;

import java.io.PrintStream;
import java.util.Locale;

/** "uploading: 12/40 files, 120.3/340.2 MiB" on standard error, at most every two seconds and once at the end. */
final class Progress {
    private static final long EVERY_NANOS = 2_000_000_000L;
    private final PrintStream out;
    private final String what;
    private final int files;
    private final long bytes;
    private int filesDone;
    private long bytesDone;
    private long lastPrinted = System.nanoTime();

    Progress(PrintStream out, String what, int files, long bytes) {
        this.out = out;
        this.what = what;
        this.files = files;
        this.bytes = bytes;
    }

    void done(long fileBytes) {
        filesDone++;
        bytesDone += fileBytes;
        long now = System.nanoTime();
        if (now - lastPrinted >= EVERY_NANOS || filesDone == files) {
            lastPrinted = now;
            out.printf(Locale.ROOT, "%s: %d/%d files, %s/%s%n", what, filesDone, files, mib(bytesDone), mib(bytes));
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
