package io.gatehouse.cleanup.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {
    @Test
    void aRunIsOneEmbeddedMetricFormatLineWithEveryMetricDeclared() {
        Totals totals = new Totals("records");
        totals.rows.addAndGet(1500);
        totals.failedBatches.incrementAndGet();

        JsonNode line = Metrics.of("archive", totals);

        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Gatehouse/Cleanup");
        assertThat(directive.get("Dimensions").get(0).get(0).asText()).isEqualTo("Source");
        assertThat(line.get("Source").asText()).isEqualTo("records");
        directive.get("Metrics").forEach(metric -> assertThat(line.has(metric.get("Name").asText())).as(metric.toString()).isTrue());
        assertThat(line.get("RowsArchived").asLong()).isEqualTo(1500);
        assertThat(line.get("FailedBatches").asLong()).isEqualTo(1);
        assertThat(line.get("Runs").asLong()).isEqualTo(1);
        assertThat(line.get("_aws").get("Timestamp").asLong()).isPositive();
    }
}
