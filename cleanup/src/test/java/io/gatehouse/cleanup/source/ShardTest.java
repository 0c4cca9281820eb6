package io.gatehouse.cleanup.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardTest {
    @Test
    void slicesCoverTheWholeRingWithoutGapsOrOverlap() {
        for (int count : new int[] {1, 2, 3, 7, 64}) {
            long previousEnd = Long.MIN_VALUE;
            for (int index = 1; index <= count; index++) {
                Shard shard = new Shard(index, count);
                assertThat(shard.startExclusive()).isEqualTo(previousEnd);
                assertThat(shard.endInclusive()).isGreaterThan(shard.startExclusive());
                previousEnd = shard.endInclusive();
            }
            assertThat(previousEnd).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void halvesSplitAtZero() {
        assertThat(new Shard(1, 2).endInclusive()).isEqualTo(0L);
        assertThat(new Shard(2, 2).startExclusive()).isEqualTo(0L);
    }

    @Test
    void parsesAndRefusesBadText() {
        assertThat(Shard.parse(" 2/4 ")).isEqualTo(new Shard(2, 4));
        assertThatThrownBy(() -> Shard.parse("0/4")).hasMessage("--shard must be i/n with 1 <= i <= n, got 0/4");
        assertThatThrownBy(() -> Shard.parse("half")).hasMessage("--shard must be i/n, e.g. 1/4, got 'half'");
        assertThatThrownBy(() -> Shard.parse("1/x")).hasMessageContaining("got '1/x'");
    }
}
