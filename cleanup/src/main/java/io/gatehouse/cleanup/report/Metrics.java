package io.gatehouse.cleanup.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A run's figures in CloudWatch Embedded Metric Format: one JSON line per source on standard output, which the
 * awslogs driver ships and CloudWatch turns into metrics (namespace {@value #NAMESPACE}, dimension Source). The
 * deployment's alarms use {@code Runs} (no run in N hours) and {@code FailedBatches}.
 */
public final class Metrics {
    public static final String NAMESPACE = "Gatehouse/Cleanup";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Metrics() {
    }

    public static ObjectNode of(String command, Totals totals) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", Instant.now().toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Source");
        ArrayNode metrics = directive.putArray("Metrics");
        metric(metrics, "Runs", "Count");
        metric(metrics, "RowsArchived", "Count");
        metric(metrics, "BytesArchived", "Bytes");
        metric(metrics, "BatchesArchived", "Count");
        metric(metrics, "FailedBatches", "Count");
        metric(metrics, "RowsDeleted", "Count");
        metric(metrics, "DurationSeconds", "Seconds");
        line.put("Source", totals.source()).put("Command", command).put("Runs", 1)
                .put("RowsArchived", totals.rows.get()).put("BytesArchived", totals.bytes.get())
                .put("BatchesArchived", totals.batches.get()).put("FailedBatches", totals.failedBatches.get())
                .put("RowsDeleted", totals.deleted.get()).put("DurationSeconds", Math.round(totals.seconds() * 10) / 10.0);
        return line;
    }

    private static void metric(ArrayNode metrics, String name, String unit) {
        metrics.addObject().put("Name", name).put("Unit", unit);
    }
}
