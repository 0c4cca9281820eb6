package io.gatehouse.stack;

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
                .mapToLong(process -> ProcessStatus.value(process, field)).filter(v -> v >= 0).sum();
        return kib == 0 ? -1 : kib / 1024;
    }
}
