package io.gatehouse.app.bench;

/** One measured load: completed operations per second and latency percentiles. */
record Throughput(double perSecond, double p50Millis, double p99Millis) {
}
