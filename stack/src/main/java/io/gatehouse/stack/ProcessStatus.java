package io.gatehouse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A number from Linux's /proc/&lt;pid&gt;/status, such as {@code VmRSS:} (KiB) or {@code Threads:}. */
public final class ProcessStatus {
    private ProcessStatus() {
    }

    /** The field's number, or -1 where /proc or the process is gone. */
    public static long value(ProcessHandle handle, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
            return lines.filter(line -> line.startsWith(field))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
