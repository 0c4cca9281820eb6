package io.gatehouse.stack;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStatusTest {
    /** A child that spends CPU, not wall time: shell arithmetic, about half a second per 300,000 rounds. */
    private static Process busyChild(int rounds) throws Exception {
        return new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt " + rounds + " ]; do i=$((i+1)); done").start();
    }

    @Test
    void aChildWaitedForCountsAsReapedCpuOfItsParent() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        Duration before = ProcessStatus.reapedChildrenCpu(self);

        Process child = busyChild(300_000);
        assertThat(child.waitFor()).isZero();

        assertThat(ProcessStatus.reapedChildrenCpu(self).minus(before)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aRunningChildCountsInItsParentsCpuButNotYetAsReaped() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        Process child = busyChild(10_000_000);
        try {
            Duration reaped = ProcessStatus.reapedChildrenCpu(self);
            Duration childCpu = Duration.ZERO;
            // A busy machine may not have run the child yet: wait for its first 10 ms tick, 5 s at most.
            for (int wait = 0; wait < 50 && childCpu.isZero() && child.isAlive(); wait++) {
                Thread.sleep(100);
                childCpu = ProcessStatus.cpu(child.toHandle());
            }

            assertThat(childCpu).isPositive();
            assertThat(ProcessStatus.cpu(self)).isGreaterThanOrEqualTo(childCpu);
            assertThat(ProcessStatus.reapedChildrenCpu(self)).isEqualTo(reaped);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    @Test
    void aProcessThatIsGoneHasNoCpuAndNoStatus() throws Exception {
        Process child = new ProcessBuilder("true").start();
        child.waitFor();

        assertThat(ProcessStatus.cpu(child.toHandle())).isZero();
        assertThat(ProcessStatus.value(child.toHandle(), "VmRSS:")).isEqualTo(-1);
    }
}
