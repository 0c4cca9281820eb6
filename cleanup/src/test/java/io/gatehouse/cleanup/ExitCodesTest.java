package io.gatehouse.cleanup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an archive run's exit code says to the scheduler, case by case. */
class ExitCodesTest {

    @Test
    void aRunThatDidEverythingItFoundSucceedsAndOneThatFoundNothingSaysSo() {
        assertThat(ArchiveCommand.exitCode(0, 0, 3)).isEqualTo(ExitCodes.SUCCESS);
        assertThat(ArchiveCommand.exitCode(0, 0, 0)).isEqualTo(ExitCodes.NOTHING_TO_DO);
    }

    @Test
    void aBatchLeftAloneOrFailedIsAPartialFailureEvenWhenNothingElseWasArchived() {
        assertThat(ArchiveCommand.exitCode(0, 1, 0)).isEqualTo(ExitCodes.PARTIAL_FAILURE);
        assertThat(ArchiveCommand.exitCode(0, 1, 5)).isEqualTo(ExitCodes.PARTIAL_FAILURE);
        assertThat(ArchiveCommand.exitCode(1, 0, 5)).isEqualTo(ExitCodes.PARTIAL_FAILURE);
    }

    @Test
    void aRunWhoseSourcesAllFailedAsAWholeFails() {
        assertThat(ArchiveCommand.exitCode(2, 0, 0)).isEqualTo(ExitCodes.FAILURE);
    }
}
