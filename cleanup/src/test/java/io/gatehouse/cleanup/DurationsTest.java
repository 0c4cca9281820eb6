package io.gatehouse.cleanup;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void readsShortFormsAndIso() {
        assertThat(Durations.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("36h")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse("p30d")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void refusesAnythingElseWithTheForms() {
        assertThatThrownBy(() -> Durations.parse("3 months")).isInstanceOf(Usage.class)
                .hasMessage("--older-than must be like 90d, 12w, 36h or P90D, got '3 months'");
        assertThatThrownBy(() -> Durations.parse("-5d")).isInstanceOf(Usage.class);
    }
}
