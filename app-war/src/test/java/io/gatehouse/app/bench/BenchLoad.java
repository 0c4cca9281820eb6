package io.gatehouse.app.bench;

import java.time.Duration;

/** The API benchmarks' load settings, from -Dbench.* (the same names and defaults for every benchmark of the API). */
record BenchLoad(Duration measure, Duration warmUp, int connections, int rounds, int records) {
    static BenchLoad fromSystemProperties() {
        return new BenchLoad(Duration.ofSeconds(Long.getLong("bench.seconds", 20)), Duration.ofSeconds(Long.getLong("bench.warmup.seconds", 30)),
                Integer.getInteger("bench.connections", 50), Integer.getInteger("bench.rounds", 3), Integer.getInteger("bench.records", 1000));
    }
}
