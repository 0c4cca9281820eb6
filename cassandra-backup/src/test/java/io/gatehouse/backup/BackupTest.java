package io.gatehouse.backup;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BackupTest {
    private static final Instant NOW = Instant.parse("2026-12-07T02:30:00Z");

    @Test
    void clearsOnlyItsOwnSnapshotsThatNoRunningBackupCanOwn() {
        assertThat(Backup.leftOver("gatehouse-backup-2026-12-05T02-10-00Z", NOW)).as("two days old: a killed run's").isTrue();
        assertThat(Backup.leftOver("gatehouse-backup-2026-12-07T02-10-00Z", NOW)).as("a run started by hand twenty minutes ago").isFalse();
        assertThat(Backup.leftOver("gatehouse-backup-not-a-time", NOW)).as("ours by its prefix, but no time of a run").isTrue();
        assertThat(Backup.leftOver("before-upgrade", NOW)).as("an operator's own snapshot").isFalse();
    }
}
