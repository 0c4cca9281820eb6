package io.gatehouse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Peak resident memory of a server, read from Linux's /proc (VmHWM) for the process and its descendants. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak RSS in MiB, or -1 where /proc is not available. */
    public static long peakRssMiB(ProcessHandle handle) {
        long kib = Stream.concat(Stream.of(handle), handle.descendants())
                .mapToLong(ProcessMemory::peakKiB).filter(v -> v >= 0).sum();
        return kib == 0 ? -1 : kib / 1024;
    }

    private static long peakKiB(ProcessHandle handle) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
