package io.gatehouse.cleanup.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured logs: one JSON object per line on standard output (CloudWatch Logs in ECS), each with a time, a
 * level and an event name; values are data, never credentials.
 */
public final class JsonLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;

    public JsonLog(PrintStream out) {
        this.out = out;
    }

    public void info(String event, Object... fields) {
        write("info", event, fields);
    }

    public void warn(String event, Object... fields) {
        write("warn", event, fields);
    }

    public void error(String event, Object... fields) {
        write("error", event, fields);
    }

    /** Writes an already built JSON object as one line (metrics in Embedded Metric Format). */
    public void raw(ObjectNode line) {
        synchronized (out) {
            out.println(line.toString());
            out.flush();
        }
    }

    private void write(String level, String event, Object... fields) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.now().toString()).put("level", level).put("event", event);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            Object value = fields[i + 1];
            String name = String.valueOf(fields[i]);
            if (value instanceof Number number) {
                line.put(name, number.longValue());
            } else {
                line.put(name, String.valueOf(value));
            }
        }
        raw(line);
    }
}
