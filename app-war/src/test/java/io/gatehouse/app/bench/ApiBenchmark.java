package io.gatehouse.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.bench.Throughput;
import io.gatehouse.stack.bench.Wrk;
import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.liberty.LibertyServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The API's throughput benchmark: {@code ./mvnw -q -DskipTests -Pbench package -pl app-war -am}.
 * Starts Keycloak, Cassandra and a Liberty server built from the production server.xml and WAR (plus the
 * unsecured twin of the read), signs alice in through Keycloak's login page, creates records, then loads
 * with wrk: the secured read, the same read unsecured (alternating rounds, so drift hits both alike), the
 * secured create, and finally the driver alone on the same rows. Prints figures for docs/benchmarks.md.
 */
public final class ApiBenchmark {
    static final String SCOPE = "openid organization";
    static final String USER = "alice";
    private static final int REVOKED_SESSIONS = 10_000;
    private final Api api;
    private final Stack stack;
    private final Wrk wrk;
    private final BenchLoad load = BenchLoad.fromSystemProperties();
    private final boolean profile = Boolean.getBoolean("bench.profile");
    private final Path scratch;

    private ApiBenchmark(Stack stack, Path scratch) {
        this.stack = stack;
        this.api = new Api(stack);
        this.wrk = new Wrk(2, load.connections(), scratch);
        this.scratch = scratch;
    }

    public static void main(String[] args) throws Exception {
        Wrk.requireInstalled();
        try (Stack stack = BenchServer.startStack()) {
            new ApiBenchmark(stack, BenchServer.scratch()).run();
        }
    }

    private void run() throws Exception {
        System.out.printf("bench: Liberty on Java %s, %d s per measurement after %d s warm-up, wrk 2 threads %d connections, %d records%n",
                Runtime.version(), load.measure().toSeconds(), load.warmUp().toSeconds(), load.connections(), load.records());
        System.out.println("bench: tuning attempt: " + BenchServer.attempt());
        String token = api.login(USER, SCOPE);
        JsonNode me = api.get("/me", token).json();
        String owner = me.path("subject").asText();
        String tenant = me.path("organizations").get(0).asText();
        List<UUID> ids = createRecords(api, token, load.records());
        List<String> secured = ids.stream().map(id -> "/api/v1/records/" + id).toList();
        List<String> unsecured = ids.stream().map(id -> "/api/v1/unsecured/records/" + tenant + "/" + owner + "/" + id).toList();

        System.out.printf("bench: %d other sessions in the revocation list%n", REVOKED_SESSIONS);
        RevokedSessions.add(stack.server(CassandraServer.class).settings().address(), CassandraSettings.of(stack.config()).datacenter(), REVOKED_SESSIONS);
        System.out.println("bench: warming up");
        readSecured(secured, load.warmUp());
        readUnsecured(unsecured, load.warmUp());
        create(load.warmUp());

        List<Throughput> securedRuns = new ArrayList<>();
        List<Throughput> unsecuredRuns = new ArrayList<>();
        for (int round = 1; round <= load.rounds(); round++) {
            try (AutoCloseable recording = profiled("secured-" + round)) {
                securedRuns.add(report("GET /records/{id}, secured, round " + round, readSecured(secured, load.measure())));
            }
            try (AutoCloseable recording = profiled("unsecured-" + round)) {
                unsecuredRuns.add(report("GET /records/{id}, unsecured, round " + round, readUnsecured(unsecured, load.measure())));
            }
        }
        Throughput creates = report("POST /records, secured", create(load.measure()));

        Throughput driver;
        try (DriverPointReads reads = new DriverPointReads(stack.server(CassandraServer.class).settings().address(), CassandraSettings.of(stack.config()).datacenter())) {
            reads.run(tenant, owner, ids, load.connections(), load.warmUp());
            driver = report("driver point read (async, " + load.connections() + " in flight)", reads.run(tenant, owner, ids, load.connections(), load.measure()));
        }

        double securedRate = mean(securedRuns);
        double unsecuredRate = mean(unsecuredRuns);
        System.out.printf("bench: secured read %.0f req/s = %.0f%% of unsecured %.0f req/s (goal: at least 90%%)%n",
                securedRate, 100 * securedRate / unsecuredRate, unsecuredRate);
        System.out.printf("bench: secured read = %.0f%% of the driver's %.0f reads/s (goal: at least 50%%); create %.0f req/s%n",
                100 * securedRate / driver.perSecond(), driver.perSecond(), creates.perSecond());
    }

    /** A JFR recording of Liberty for the run when -Dbench.profile=true, else nothing. */
    private AutoCloseable profiled(String run) {
        if (!profile) {
            return () -> { };
        }
        long pid = stack.running().stream().filter(server -> server.component() == Component.LIBERTY).findFirst().orElseThrow().process().pid();
        Path file = scratch.resolve(run + ".jfr");
        System.out.println("bench: recording " + file);
        return JfrRecording.start(pid, file);
    }

    static List<UUID> createRecords(Api api, String token, int recordCount) {
        System.out.printf("bench: creating %d records through the API%n", recordCount);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < recordCount; i++) {
            Api.Response created = api.post("/records", token, recordJson(i));
            if (created.status() != 201) {
                throw new IllegalStateException("creating a record failed: " + created);
            }
            ids.add(UUID.fromString(created.json().path("id").asText()));
        }
        return ids;
    }

    /** A record of typical size: a title, a paragraph of body, three tags (about 600 bytes of JSON). */
    static String recordJson(int i) {
        return "{\"title\":\"Benchmark record " + i + "\",\"body\":\"" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(9)
                + "\",\"tags\":[\"bench\",\"load\",\"t" + (i % 10) + "\"]}";
    }

    /** A fresh token per run: access tokens live five minutes, a whole benchmark longer. */
    private Throughput readSecured(List<String> paths, Duration duration) {
        return wrk.get(stack.server(LibertyServer.class).settings().url(), paths, Map.of("Authorization", "Bearer " + api.login(USER, SCOPE)), duration);
    }

    private Throughput readUnsecured(List<String> paths, Duration duration) {
        return wrk.get(stack.server(LibertyServer.class).settings().url(), paths, Map.of(), duration);
    }

    private Throughput create(Duration duration) {
        return wrk.post(stack.server(LibertyServer.class).settings().url() + "/api/v1/records", recordJson(0), "application/json", Map.of("Authorization", "Bearer " + api.login(USER, SCOPE)), duration);
    }

    static Throughput report(String what, Throughput result) {
        System.out.printf("bench: %-52s %8.0f /s   p50 %6.2f ms   p99 %6.2f ms%n", what, result.perSecond(), result.p50Millis(), result.p99Millis());
        return result;
    }

    static double mean(List<Throughput> runs) {
        return runs.stream().mapToDouble(Throughput::perSecond).average().orElseThrow();
    }
}
