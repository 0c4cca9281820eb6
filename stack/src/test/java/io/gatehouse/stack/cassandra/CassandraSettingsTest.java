package io.gatehouse.stack.cassandra;

import io.gatehouse.stack.Settings;
import io.gatehouse.stack.StackConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CassandraSettingsTest {
    private static CassandraSettings with(Map<String, String> properties) {
        return CassandraSettings.of(StackConfig.load(new Settings(properties, Map.of())));
    }

    @Test
    void theCommitLogIsSyncedBeforeAWriteIsAcknowledgedUnlessABenchmarkAsksOtherwise() {
        assertThat(with(Map.of()).commitlogSync()).isEqualTo("batch");
        assertThat(with(Map.of("gatehouse.cassandra.commitlog-sync", "periodic")).commitlogSync()).isEqualTo("periodic");
    }

    @Test
    void anUnknownCommitLogSyncIsRefusedByName() {
        assertThatThrownBy(() -> with(Map.of("gatehouse.cassandra.commitlog-sync", "group")).commitlogSync())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gatehouse.cassandra.commitlog-sync (GATEHOUSE_CASSANDRA_COMMITLOG_SYNC) must be batch or periodic, got group");
    }
}
