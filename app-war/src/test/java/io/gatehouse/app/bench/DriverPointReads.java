package io.gatehouse.app.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.gatehouse.app.records.CassandraRecordRepository;
import io.gatehouse.records.schema.MonthBucket;
import io.gatehouse.stack.bench.Throughput;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for the API's reads: the driver alone, asynchronous, running the API's own point read on the
 * same rows with as many requests in flight as wrk has connections. Settings from the app's application.conf.
 */
final class DriverPointReads implements AutoCloseable {
    private static final int MAX_SAMPLES = 10_000_000;
    private final CqlSession session;
    private final PreparedStatement select;

    DriverPointReads(InetSocketAddress cassandra, String datacenter) {
        this.session = CqlSession.builder().addContactPoint(cassandra).withLocalDatacenter(datacenter).build();
        this.select = session.prepare(CassandraRecordRepository.SELECT_ONE);
    }

    Throughput run(String tenant, String owner, List<UUID> ids, int inFlight, Duration duration) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        long[] latencies = new long[MAX_SAMPLES];
        AtomicInteger samples = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; System.nanoTime() < end; i++) {
            permits.acquire();
            UUID id = ids.get(i % ids.size());
            long begin = System.nanoTime();
            session.executeAsync(select.bind(tenant, owner, MonthBucket.of(id), id).setIdempotent(true)).whenComplete((rows, error) -> {
                if (error != null || rows.one() == null) {
                    failures.incrementAndGet();
                } else {
                    int slot = samples.getAndIncrement();
                    if (slot < MAX_SAMPLES) {
                        latencies[slot] = System.nanoTime() - begin;
                    }
                }
                permits.release();
            });
        }
        permits.acquire(inFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " driver reads failed or found no row");
        }
        int count = Math.min(samples.get(), MAX_SAMPLES);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new Throughput(samples.get() / seconds, sorted[count / 2] / 1e6, sorted[(int) (count * 0.99)] / 1e6);
    }

    @Override
    public void close() {
        session.close();
    }
}
