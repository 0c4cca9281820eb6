package io.gatehouse.app.bench;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * wrk's peak-rate read, in Gatling: {@code gatehouse.peak.connections} virtual users, each on its own connection,
 * send {@code GET} requests back to back over the paths in {@code gatehouse.peak.paths} (round-robin, as the wrk
 * script does) for {@code gatehouse.peak.seconds}, with the bearer token from the environment ({@code
 * GATEHOUSE_PEAK_TOKEN}, not the command line). Run by {@link LoadToolBenchmark} as a process of its own.
 */
public class PeakReadSimulation extends Simulation {
    private static final String URL = System.getProperty("gatehouse.peak.url");
    private static final int CONNECTIONS = Integer.getInteger("gatehouse.peak.connections", 50);
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("gatehouse.peak.seconds", 20));

    {
        List<String> paths = readPaths(Path.of(System.getProperty("gatehouse.peak.paths")));
        AtomicInteger next = new AtomicInteger();
        HttpProtocolBuilder api = http.baseUrl(URL).header("Authorization", "Bearer " + System.getenv("GATEHOUSE_PEAK_TOKEN"));
        ScenarioBuilder reads = scenario("secured read").during(DURATION).on(
                exec(session -> session.set("path", paths.get(Math.floorMod(next.getAndIncrement(), paths.size()))))
                        .exec(http("GET /records/{id}").get("#{path}").check(status().is(200))));
        setUp(reads.injectOpen(atOnceUsers(CONNECTIONS))).protocols(api);
    }

    private static List<String> readPaths(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
