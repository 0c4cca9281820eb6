package io.gatehouse.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A number from Linux's /proc/&lt;pid&gt;/status, such as {@code VmRSS:} (KiB) or {@code Threads:}, and the CPU time
 * from /proc/&lt;pid&gt;/stat.
 */
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

    /**
     * CPU time of a process: its own and its children's that it has reaped (PostgreSQL's finished backends, a load
     * generator run to its end), plus that of its descendants still running.
     */
    public static Duration cpu(ProcessHandle handle) {
        long ticks = ticks(handle.pid(), 11) + ticks(handle.pid(), 13) + handle.descendants().mapToLong(child -> ticks(child.pid(), 11)).sum();
        return Duration.ofMillis(ticks * 10);
    }

    /** CPU time of the children a process has waited for (a load generator run to its end), and of theirs. */
    public static Duration reapedChildrenCpu(ProcessHandle handle) {
        return Duration.ofMillis(ticks(handle.pid(), 13) * 10);
    }

    /**
     * Two fields of /proc/PID/stat added up, in 10 ms ticks: fields 14-15 (utime, stime) from index 11, or 16-17
     * (cutime, cstime: reaped children) from index 13, counted after pid, comm and state.
     */
    private static long ticks(long pid, int index) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[index]) + Long.parseLong(fields[index + 1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
