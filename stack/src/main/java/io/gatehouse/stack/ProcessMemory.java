package io.gatehouse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident memory of a server, read from Linux's /proc for the process and its descendants. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak RSS (VmHWM) in MiB, or -1 where /proc is not available. */
    public static long peakRssMiB(ProcessHandle handle) {
        return sumMiB(handle, "VmHWM:");
    }

    /** RSS now (VmRSS) in MiB, or -1 where /proc is not available. */
    public static long rssMiB(ProcessHandle handle) {
        return sumMiB(handle, "VmRSS:");
    }

    private static long sumMiB(ProcessHandle handle, String field) {
        long kib = Stream.concat(Stream.of(handle), handle.descendants())
                .mapToLong(process -> kiB(process, field)).filter(v -> v >= 0).sum();
        return kib == 0 ? -1 : kib / 1024;
    }

    private static long kiB(ProcessHandle handle, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
            return lines.filter(line -> line.startsWith(field))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
