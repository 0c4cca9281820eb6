package io.gatehouse.stack.bench;

/** One measured load: completed operations per second and latency percentiles. */
public record Throughput(double perSecond, double p50Millis, double p99Millis) {
}
