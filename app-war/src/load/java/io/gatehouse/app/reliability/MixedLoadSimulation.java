package io.gatehouse.app.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.app.Api;
import io.gatehouse.app.reliability.WriteLedger.Written;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.bench.BenchStack;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.keycloak.NewMembers;
import io.gatehouse.stack.liberty.LibertyServer;
import io.gatehouse.stack.web.WebSettings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import org.keycloak.admin.client.Keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.css;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.form;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The mixed workload in Gatling: {@code ./mvnw -q -DskipTests -Psoak package -pl app-war -am}. Starts its own stack
 * (the default topology; {@code -Dgatehouse.topology=ha} for the HA one) with empty data, then:
 * <ol>
 * <li>capacity: {@code gatehouse.load.clients} clients (8), each a member of globex made for the run and signed in
 * through Keycloak's login form (code + PKCE), send API requests back to back for {@code gatehouse.load.capacity-seconds} (60): 30% create, 20% update with
 * If-Match, 30% read, 20% list, and a token refresh every minute; the rate they reach is the maximum;</li>
 * <li>soak: the same clients at half that rate, held by Gatling's pace, for {@code gatehouse.load.soak-seconds} (600),
 * while new users sign in through the login form at {@code gatehouse.load.sign-ins-per-second} (0.5).</li>
 * </ol>
 * Every acknowledged write goes into a {@link WriteLedger}, read back at the end. Prints the soak's figures (errors,
 * p99 of the first and last minute after the warm-up, each server's RSS, Liberty's threads and descriptors) and writes
 * them to {@code target/load/summary.md}; Gatling's HTML report is under {@code target/gatling/}.
 */
public class MixedLoadSimulation extends Simulation {
    private static final int CLIENTS = Integer.getInteger("gatehouse.load.clients", 8);
    private static final Duration CAPACITY = Duration.ofSeconds(Long.getLong("gatehouse.load.capacity-seconds", 60));
    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("gatehouse.load.soak-seconds", 600));
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("gatehouse.load.warm-up-seconds", 60));
    private static final double SIGN_INS_PER_SECOND = Double.parseDouble(System.getProperty("gatehouse.load.sign-ins-per-second", "0.5"));
    private static final Duration TOKEN_REFRESH = Duration.ofSeconds(60);
    /** Keycloak refuses a sign-in while another of the same user is in progress, so each client has a user of its own. */
    private static final int SIGN_IN_USERS = 6;
    private static final String PASSWORD = "Load-Gatehouse-" + Long.toHexString(System.nanoTime());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path output = Path.of(System.getProperty("gatehouse.load.dir", "target/load"));
    private final Stack stack;
    private final Api api;
    private final String topology = System.getProperty("gatehouse.topology", "single");
    private final WriteLedger ledger = new WriteLedger();
    private final LoadRecorder recorder = new LoadRecorder();
    private final ServerSampler sampler;
    /** Members of globex made for the run: one per client, then a pool the sign-in scenario goes round. */
    private final List<String> clientUsers = new ArrayList<>();
    private final List<String> signInUsers = new ArrayList<>();
    private final AtomicInteger nextSignIn = new AtomicInteger();
    private final Map<String, String> checkTokens = new ConcurrentHashMap<>();
    private final String authUrl;
    private final String tokenUrl;
    private final String redirectUri;
    private volatile long capacityStart;
    private volatile long soakStart;
    /** Half the rate the capacity phase reached, per client; set when the soak begins. */
    private volatile double soakRatePerClient;

    public MixedLoadSimulation() {
        stack = BenchStack.start(output, Map.of("gatehouse.topology", topology, "gatehouse.liberty.dir", System.getProperty("gatehouse.liberty.dir")),
                EnumSet.of(Component.KEYCLOAK, Component.LIBERTY));
        api = new Api(stack);
        KeycloakSettings keycloak = KeycloakSettings.of(stack.config());
        try (Keycloak admin = keycloak.admin()) {
            NewMembers members = new NewMembers(admin.realm(StackConfig.REALM));
            for (int i = 0; i < CLIENTS + SIGN_IN_USERS; i++) {
                (i < CLIENTS ? clientUsers : signInUsers).add(members.username(members.add("globex", PASSWORD)));
            }
        }
        sampler = new ServerSampler(stack, 5);
        authUrl = keycloak.issuer() + "/protocol/openid-connect/auth";
        tokenUrl = keycloak.issuer() + "/protocol/openid-connect/token";
        redirectUri = WebSettings.of(stack.config()).url() + "/";

        HttpProtocolBuilder protocol = http.baseUrl(stack.server(LibertyServer.class).settings().url() + "/api/v1")
                .acceptHeader("application/json").disableCaching();
        List<PopulationBuilder> soak = new ArrayList<>(List.of(records("soak", SOAK, true).injectOpen(atOnceUsers(CLIENTS))));
        if (SIGN_INS_PER_SECOND > 0 && !SOAK.isZero()) {
            soak.add(scenario("sign-ins")
                    .exec(session -> session.set("user", signInUsers.get(Math.floorMod(nextSignIn.getAndIncrement(), SIGN_IN_USERS))))
                    .exec(signIn())
                    .injectOpen(constantUsersPerSec(SIGN_INS_PER_SECOND).during(SOAK)));
        }
        PopulationBuilder capacity = records("capacity", CAPACITY, false).injectOpen(atOnceUsers(CLIENTS));
        setUp(SOAK.isZero() ? capacity : capacity.andThen(soak))
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }

    /** A client: signs in, then sends API requests for {@code duration}, back to back or paced at the soak's rate. */
    private ScenarioBuilder records(String phase, Duration duration, boolean paced) {
        ChainBuilder request = exec(
                doIf(session -> System.nanoTime() - session.getLong("tokenAt") > TOKEN_REFRESH.toNanos()).then(refresh()),
                randomSwitch().on(percent(30).then(create()), percent(20).then(update()), percent(30).then(read()), percent(20).then(list())));
        return scenario(phase)
                .exec(mark(phase))
                .exec(session -> session.set("user", clientUsers.get((int) (session.userId() % CLIENTS))).set("mine", new ArrayList<String>()))
                .exec(signIn())
                .exitHereIfFailed()
                // Not exitASAP: a client stopped at the deadline between a write's answer and its ledger entry left
                // three acknowledged updates unrecorded (read back as "corrupted") in the first soak.
                .during(duration, false).on(paced ? pace(session -> soakPace()).exec(request) : request);
    }

    /** The soak's pace per client: half the capacity phase's rate, spread over the clients. */
    private Duration soakPace() {
        return Duration.ofNanos((long) (1e9 / soakRatePerClient));
    }

    /** Notes when a phase's first client starts; the soak's start fixes its rate from the capacity phase. */
    private ChainBuilder mark(String phase) {
        return exec(session -> {
            synchronized (this) {
                long now = System.currentTimeMillis();
                if (phase.equals("capacity") && capacityStart == 0) {
                    capacityStart = now;
                } else if (phase.equals("soak") && soakStart == 0) {
                    soakStart = now;
                    double capacity = recorder.rate(capacityStart, now);
                    if (capacity == 0) {
                        throw new IllegalStateException("the capacity phase had no answer: nothing to soak at half of");
                    }
                    soakRatePerClient = capacity / 2 / CLIENTS;
                    System.out.printf("load: capacity %.1f requests/s with %d clients; soak at %.1f requests/s%n", capacity, CLIENTS, capacity / 2);
                }
            }
            return session;
        });
    }

    private ChainBuilder signIn() {
        return exec(session -> {
            String verifier = random(32);
            return session.set("verifier", verifier).set("challenge", challenge(verifier)).set("state", random(16));
        })
                .exec(http("sign-in: login page").get(session -> authUrl + "?" + query(Map.of("client_id", StackConfig.WEB_CLIENT,
                                "response_type", "code", "scope", "openid organization", "redirect_uri", redirectUri,
                                "state", session.getString("state"), "code_challenge", session.getString("challenge"), "code_challenge_method", "S256")))
                        .check(css("form#kc-form-login", "action").saveAs("action"), form("form#kc-form-login").saveAs("fields")))
                // Every field of Keycloak's form, as a browser posts it, with the user's own filled in.
                .exec(session -> fill(session, "username", session.getString("user")))
                .exec(http("sign-in: username").post("#{action}").form("#{fields}")
                        .check(css("form#kc-form-login", "action").saveAs("action"), form("form#kc-form-login").saveAs("fields")))
                .exec(session -> fill(session, "password", PASSWORD))
                .exec(http("sign-in: password").post("#{action}").form("#{fields}")
                        .disableFollowRedirect()
                        // What Keycloak's page says, should it answer with a page instead of the redirect with the code.
                        .check(css("#input-error, .kc-feedback-text, #kc-page-title").optional().saveAs("page"), status().is(302),
                                header("Location").transform(location -> parameter(location, "code")).saveAs("code")))
                .exec(session -> {
                    if (!session.contains("code")) {
                        System.out.println("load: the sign-in of " + session.getString("user") + " was refused: "
                                + (session.contains("page") ? session.getString("page").strip() : "no page text"));
                    }
                    return session.remove("page");
                })
                .exec(http("sign-in: code exchange").post(tokenUrl)
                        .formParam("grant_type", "authorization_code").formParam("client_id", StackConfig.WEB_CLIENT)
                        .formParam("code", "#{code}").formParam("redirect_uri", redirectUri).formParam("code_verifier", "#{verifier}")
                        .check(jsonPath("$.access_token").saveAs("accessToken"), jsonPath("$.refresh_token").saveAs("refreshToken")))
                .exec(session -> session.set("tokenAt", System.nanoTime()));
    }

    /** The login form's fields with one of them filled in (a field posted twice would count as its first value). */
    private static Session fill(Session session, String field, String value) {
        Map<String, Object> fields = new HashMap<>(session.getMap("fields"));
        fields.put(field, value);
        return session.set("fields", fields);
    }

    private ChainBuilder refresh() {
        return exec(http("token refresh").post(tokenUrl)
                .formParam("grant_type", "refresh_token").formParam("client_id", StackConfig.WEB_CLIENT).formParam("refresh_token", "#{refreshToken}")
                .check(jsonPath("$.access_token").saveAs("accessToken"), jsonPath("$.refresh_token").saveAs("refreshToken")))
                .exec(session -> session.set("tokenAt", System.nanoTime()));
    }

    private ChainBuilder create() {
        return exec(session -> content(session, "created"))
                .exec(http("create").post("/records").header("Authorization", "Bearer #{accessToken}")
                        .body(StringBody(MixedLoadSimulation::body)).asJson()
                        .check(status().saveAs("status"), responseTimeInMillis().saveAs("took"),
                                jsonPath("$.id").optional().saveAs("id"), jsonPath("$.version").ofInt().optional().saveAs("version"),
                                status().is(201)))
                .exec(session -> {
                    boolean ok = answered(session, 201);
                    if (ok) {
                        ledger.acknowledged(session.getString("id"), written(session), session.getString("user"));
                        session.<List<String>>get("mine").add(session.getString("id"));
                    }
                    return session.removeAll("id", "version", "status", "took");
                });
    }

    /** An update of one of the client's records, naming the version last acknowledged; one that failed is left alone after. */
    private ChainBuilder update() {
        return doIf(session -> !session.<List<String>>get("mine").isEmpty()).then(
                exec(session -> {
                    List<String> mine = session.get("mine");
                    String id = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
                    return content(session, "updated").set("id", id).set("ifMatch", "\"" + ledger.last(id).version() + "\"");
                })
                        .exec(http("update").put("/records/#{id}").header("Authorization", "Bearer #{accessToken}").header("If-Match", "#{ifMatch}")
                                .body(StringBody(MixedLoadSimulation::body)).asJson()
                                .check(status().saveAs("status"), responseTimeInMillis().saveAs("took"),
                                        jsonPath("$.version").ofInt().optional().saveAs("version"), status().is(200)))
                        .exec(session -> {
                            String id = session.getString("id");
                            if (answered(session, 200)) {
                                ledger.acknowledged(id, written(session), session.getString("user"));
                            } else {
                                // it may have applied: its version is unknown now, so this client writes it no more
                                ledger.attempted(id, new Written(ledger.last(id).version() + 1, session.getString("title"), session.getString("body")));
                                session.<List<String>>get("mine").remove(id);
                            }
                            return session.removeAll("version", "status", "took");
                        }));
    }

    private ChainBuilder read() {
        return doIf(session -> !session.<List<String>>get("mine").isEmpty()).then(
                exec(session -> {
                    List<String> mine = session.get("mine");
                    return session.set("id", mine.get(ThreadLocalRandom.current().nextInt(mine.size())));
                })
                        .exec(http("read").get("/records/#{id}").header("Authorization", "Bearer #{accessToken}")
                                .check(status().saveAs("status"), responseTimeInMillis().saveAs("took"), status().is(200)))
                        .exec(session -> {
                            answered(session, 200);
                            return session.removeAll("status", "took");
                        }));
    }

    private ChainBuilder list() {
        return exec(http("list").get("/records?limit=20").header("Authorization", "Bearer #{accessToken}")
                .check(status().saveAs("status"), responseTimeInMillis().saveAs("took"), status().is(200)))
                .exec(session -> {
                    answered(session, 200);
                    return session.removeAll("status", "took");
                });
    }

    /** Records the API answer the last request got (none when it was never sent); true when it was the one expected. */
    private boolean answered(Session session, int expected) {
        if (!session.contains("took")) {
            return false;
        }
        boolean ok = session.contains("status") && session.getInt("status") == expected;
        long took = session.getLong("took");
        recorder.record(System.currentTimeMillis() - took, took, ok);
        return ok;
    }

    private static Session content(Session session, String what) {
        long n = ThreadLocalRandom.current().nextLong();
        return session.set("title", what + " " + Long.toHexString(n)).set("body", "load " + what + " " + n);
    }

    private static String body(Session session) {
        return JSON.createObjectNode().put("title", session.getString("title")).put("body", session.getString("body"))
                .set("tags", JSON.createArrayNode().add("load")).toString();
    }

    private static Written written(Session session) {
        return new Written(session.getInt("version"), session.getString("title"), session.getString("body"));
    }

    @Override
    public void after() {
        try {
            long end = System.currentTimeMillis();
            WriteLedger.Check check = ledger.check(api, this::checkToken);
            String summary = summary(end, check);
            System.out.println(summary);
            Files.createDirectories(output);
            Files.writeString(output.resolve("summary.md"), summary);
            if (!check.lost().isEmpty() || !check.corrupted().isEmpty()) {
                throw new AssertionError("acknowledged writes lost " + check.lost() + " or corrupted " + check.corrupted());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sampler.close();
            stack.close();
        }
    }

    /** A token of the user, for reading back what they wrote: one sign-in per user. */
    private String checkToken(String user) {
        return checkTokens.computeIfAbsent(user, unused -> api.signIn(user, PASSWORD));
    }

    private String summary(long end, WriteLedger.Check check) {
        StringBuilder text = new StringBuilder();
        long capacityEnd = soakStart == 0 ? end : soakStart;
        text.append(String.format("## Load run, %s topology, %d clients%n%n", topology, CLIENTS));
        text.append(String.format("- capacity: %.1f API requests/s over %d s (back to back), p50 %d ms, p99 %d ms, %d failed%n",
                recorder.rate(capacityStart, capacityEnd), CAPACITY.toSeconds(), recorder.percentile(50, capacityStart, capacityEnd),
                recorder.percentile(99, capacityStart, capacityEnd), recorder.failed(capacityStart, capacityEnd)));
        if (soakStart != 0) {
            long steady = soakStart + WARM_UP.toMillis();
            long firstMinute = recorder.percentile(99, steady, steady + 60_000);
            long lastMinute = recorder.percentile(99, end - 60_000, end);
            text.append(String.format("- soak: %.1f API requests/s for %d s (%d requests, %d failed) and %.1f sign-ins/s through the login form%n",
                    recorder.rate(soakStart, end), SOAK.toSeconds(), recorder.count(soakStart, end), recorder.failed(soakStart, end), SIGN_INS_PER_SECOND));
            text.append(String.format("- p99 in the first minute after a %d s warm-up: %d ms; in the last minute: %d ms (%+.0f%%)%n",
                    WARM_UP.toSeconds(), firstMinute, lastMinute, 100.0 * (lastMinute - firstMinute) / Math.max(1, firstMinute)));
            List<ServerSampler.Sample> samples = sampler.since(steady);
            if (!samples.isEmpty()) {
                ServerSampler.Sample first = samples.get(0);
                ServerSampler.Sample last = samples.get(samples.size() - 1);
                text.append("- RSS after the warm-up, first → last sample (max), MiB:");
                first.rssMiB().forEach((server, mib) -> text.append(String.format(" %s %d → %d (%d, %+.1f%%);", server, mib,
                        last.rssMiB().getOrDefault(server, -1L), samples.stream().mapToLong(s -> s.rssMiB().getOrDefault(server, 0L)).max().orElse(-1),
                        100.0 * (last.rssMiB().getOrDefault(server, 0L) - mib) / Math.max(1, mib))));
                text.append(String.format("%n- Liberty's JVM after the warm-up: threads %d → %d (max %d), open descriptors %d → %d (max %d)%n",
                        first.libertyThreads(), last.libertyThreads(), samples.stream().mapToLong(ServerSampler.Sample::libertyThreads).max().orElse(-1),
                        first.libertyOpenFiles(), last.libertyOpenFiles(), samples.stream().mapToLong(ServerSampler.Sample::libertyOpenFiles).max().orElse(-1)));
            }
        }
        text.append(String.format("- acknowledged writes: %d checked, %d lost, %d corrupted%n", check.records(), check.lost().size(), check.corrupted().size()));
        return text.toString();
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(Map<String, String> parameters) {
        return String.join("&", parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).toList());
    }

    private static String parameter(String location, String name) {
        String query = URI.create(location).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name + " in " + location);
    }
}
