package io.gatehouse.app.bench;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.bench.Throughput;
import io.gatehouse.stack.bench.Wrk;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.liberty.LibertyServer;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * Gatehouse against the service the original design would have built, in one run:
 * {@code ./mvnw -q -DskipTests -Pbench-peer package -pl app-war -am}. One stack (Keycloak, Cassandra, Liberty with the
 * production server.xml and WAR) and the Node.js peer of bench/peer on the same Cassandra; records made through the
 * API; then, with the same token and the same ids, the point read and the create of each under the same wrk load, in
 * alternating rounds so that drift hits both alike. Prints each run, the means and the ratios for docs/benchmarks.md.
 */
public final class PeerBenchmark {
    private static final String SCOPE = ApiBenchmark.SCOPE;
    private static final String USER = ApiBenchmark.USER;
    private final Api api;
    private final Stack stack;
    private final Wrk wrk;
    private final String peerUrl;
    private final BenchLoad load = BenchLoad.fromSystemProperties();

    private PeerBenchmark(Stack stack, Path scratch, String peerUrl) {
        this.stack = stack;
        this.api = new Api(stack);
        this.wrk = new Wrk(2, load.connections(), scratch);
        this.peerUrl = peerUrl;
    }

    public static void main(String[] args) throws Exception {
        Wrk.requireInstalled();
        Path scratch = BenchServer.scratch();
        Path peerDir = Path.of(System.getProperty("gatehouse.peer.dir"));
        try (Stack stack = BenchServer.startStack();
             PeerService peer = PeerService.start(peerDir, peerSettings(stack), scratch.resolve("peer.log"))) {
            new PeerBenchmark(stack, scratch, peer.url()).run();
        }
    }

    /** The peer trusts what the API trusts: the realm's issuer and keys, the API's audience; the same Cassandra. */
    private static Map<String, String> peerSettings(Stack stack) {
        InetSocketAddress cassandra = stack.server(CassandraServer.class).settings().address();
        KeycloakSettings keycloak = KeycloakSettings.of(stack.config());
        return Map.of("PEER_ISSUER", keycloak.issuer(), "PEER_JWKS_URL", keycloak.jwksUri(), "PEER_AUDIENCE", StackConfig.API_AUDIENCE,
                "PEER_CASSANDRA_CONTACT_POINTS", cassandra.getHostString() + ":" + cassandra.getPort(),
                "PEER_CASSANDRA_DATACENTER", CassandraSettings.of(stack.config()).datacenter());
    }

    private void run() {
        String gatehouseUrl = stack.server(LibertyServer.class).settings().url();
        System.out.printf("bench: Gatehouse (Liberty on Java %s) against the Node.js peer at %s; %d s per measurement after %d s warm-up,"
                + " wrk 2 threads %d connections, %d records%n", Runtime.version(), peerUrl, load.measure().toSeconds(), load.warmUp().toSeconds(), load.connections(), load.records());
        List<UUID> ids = ApiBenchmark.createRecords(api, api.login(USER, SCOPE), load.records());
        List<String> paths = ids.stream().map(id -> "/api/v1/records/" + id).toList();
        requireSameAnswer(paths.get(0));

        System.out.println("bench: warming up both");
        for (String url : List.of(gatehouseUrl, peerUrl)) {
            read(url, paths, load.warmUp());
            create(url, load.warmUp());
        }
        Map<String, List<Throughput>> runs = Map.of("gatehouse read", new ArrayList<>(), "peer read", new ArrayList<>(),
                "gatehouse create", new ArrayList<>(), "peer create", new ArrayList<>());
        for (int round = 1; round <= load.rounds(); round++) {
            runs.get("gatehouse read").add(ApiBenchmark.report("Gatehouse GET /records/{id}, round " + round, read(gatehouseUrl, paths, load.measure())));
            runs.get("peer read").add(ApiBenchmark.report("peer GET /records/{id}, round " + round, read(peerUrl, paths, load.measure())));
            runs.get("gatehouse create").add(ApiBenchmark.report("Gatehouse POST /records, round " + round, create(gatehouseUrl, load.measure())));
            runs.get("peer create").add(ApiBenchmark.report("peer POST /records, round " + round, create(peerUrl, load.measure())));
        }
        for (String operation : List.of("read", "create")) {
            List<Throughput> ours = runs.get("gatehouse " + operation);
            List<Throughput> theirs = runs.get("peer " + operation);
            System.out.printf("bench: %-6s Gatehouse %6.0f/s (p50 %5.1f ms, p99 %6.1f ms)  peer %6.0f/s (p50 %5.1f ms, p99 %6.1f ms)"
                            + "  Gatehouse/peer %.2f (goal 1.5, p99 no worse)%n", operation,
                    ApiBenchmark.mean(ours), meanOf(ours, Throughput::p50Millis), meanOf(ours, Throughput::p99Millis),
                    ApiBenchmark.mean(theirs), meanOf(theirs, Throughput::p50Millis), meanOf(theirs, Throughput::p99Millis),
                    ApiBenchmark.mean(ours) / ApiBenchmark.mean(theirs));
        }
    }

    /** Both must serve the same row to the same token, or the comparison means nothing. */
    private void requireSameAnswer(String path) {
        String token = api.login(USER, SCOPE);
        Api.Response ours = api.call("GET", path.substring("/api/v1".length()), token, null, Map.of());
        Api.Response theirs = new Api(stack, peerUrl + "/api/v1").call("GET", path.substring("/api/v1".length()), token, null, Map.of());
        if (ours.status() != 200 || theirs.status() != 200 || !ours.json().path("title").equals(theirs.json().path("title"))
                || !ours.json().path("version").equals(theirs.json().path("version"))) {
            throw new IllegalStateException("the peer does not answer as Gatehouse does: " + ours + " / " + theirs);
        }
        Api.Response refused = new Api(stack, peerUrl + "/api/v1").call("GET", path.substring("/api/v1".length()), token + "x", null, Map.of());
        if (refused.status() != 401) {
            throw new IllegalStateException("the peer accepted an altered token: " + refused);
        }
    }

    /** A fresh token per run: access tokens live five minutes, a whole benchmark longer. */
    private Throughput read(String baseUrl, List<String> paths, Duration duration) {
        return wrk.get(baseUrl, paths, Map.of("Authorization", "Bearer " + api.login(USER, SCOPE)), duration);
    }

    private Throughput create(String baseUrl, Duration duration) {
        return wrk.post(baseUrl + "/api/v1/records", ApiBenchmark.recordJson(0), "application/json",
                Map.of("Authorization", "Bearer " + api.login(USER, SCOPE)), duration);
    }

    private static double meanOf(List<Throughput> runs, ToDoubleFunction<Throughput> figure) {
        return runs.stream().mapToDouble(figure).average().orElseThrow();
    }
}
