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
        Ticks ticks = Ticks.of(handle.pid());
        long total = ticks.own() + ticks.reaped() + handle.descendants().mapToLong(child -> Ticks.of(child.pid()).own()).sum();
        return Duration.ofMillis(total * 10);
    }

    /** CPU time of the children a process has waited for (a load generator run to its end), and of theirs. */
    public static Duration reapedChildrenCpu(ProcessHandle handle) {
        return Duration.ofMillis(Ticks.of(handle.pid()).reaped() * 10);
    }

    /** A process's CPU in 10 ms ticks from one read of /proc/PID/stat: its own, and its reaped children's; 0 when gone. */
    private record Ticks(long own, long reaped) {
        static Ticks of(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 here, after pid, comm and state.
                return new Ticks(Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[13]) + Long.parseLong(fields[14]));
            } catch (IOException | RuntimeException e) {
                return new Ticks(0, 0);
            }
        }
    }
}
