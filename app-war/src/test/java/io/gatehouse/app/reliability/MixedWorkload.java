package io.gatehouse.app.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.app.Api;
import io.gatehouse.app.reliability.WriteLedger.Check;
import io.gatehouse.app.reliability.WriteLedger.Written;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.BrowserLogin.Tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Records traffic at a fixed rate while servers fail: each worker signs its requests with its own user's token and
 * creates, updates (If-Match on the version it was last told), reads and lists its own records; one more user signs
 * in through Keycloak's login page every two seconds and refreshes the tokens of its first session. Every write goes
 * into a {@link WriteLedger}, which {@link #check()} reads back.
 */
final class MixedWorkload implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long SIGN_IN_EVERY_MILLIS = 2000;
    private final Api api;
    private final List<Thread> workers = new ArrayList<>();
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final WriteLedger ledger = new WriteLedger();
    /** Records whose version is unknown since a failed update (each record is written by its own worker only). */
    private final Set<String> uncertain = ConcurrentHashMap.newKeySet();
    private final long begin = System.nanoTime();
    private volatile boolean running = true;
    private volatile long endedNanos;

    /**
     * One request: when it was sent, what it was, its status (0: no answer at all; for a sign-in refused on a login
     * page, 400), whether it failed.
     */
    record Answer(long sentNanos, long tookNanos, String operation, int status, String retryAfter, boolean failed) {
        /** A sign-in or a refresh: Keycloak's answer, not the API's. */
        boolean fromKeycloak() {
            return operation.equals("sign-in") || operation.equals("refresh");
        }
    }

    /**
     * @param tokens one per worker (each worker's records are its user's)
     * @param perSecond requests per second of each worker
     * @param signingIn a user who also signs in through Keycloak's login page every {@link #SIGN_IN_EVERY_MILLIS} ms
     */
    MixedWorkload(Api api, List<String> tokens, int perSecond, String signingIn) {
        this.api = api;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            workers.add(new Thread(() -> work(token, perSecond), "mixed-workload-" + i));
        }
        workers.add(new Thread(() -> signIns(signingIn), "mixed-workload-sign-in"));
        workers.forEach(worker -> worker.setDaemon(true));
        workers.forEach(Thread::start);
    }

    /**
     * Signs the user in every {@link #SIGN_IN_EVERY_MILLIS} ms, and each time also refreshes the tokens of the session
     * the first sign-in began, as the web front-end does when its access token expires: a refresh refused with the
     * session lost is {@code invalid_grant} (400).
     */
    private void signIns(String user) {
        BrowserLogin browser = api.browser();
        String session = null;
        while (running) {
            Tokens signedIn = timed("sign-in", () -> browser.login(user, Api.PASSWORDS.get(user), "openid organization"));
            if (session == null && signedIn != null) {
                session = signedIn.refreshToken();
            } else if (session != null) {
                String current = session;
                Tokens refreshed = timed("refresh", () -> browser.refresh(current));
                session = refreshed == null ? session : refreshed.refreshToken();
            }
            try {
                Thread.sleep(SIGN_IN_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @FunctionalInterface
    private interface KeycloakCall {
        Tokens call() throws IOException, InterruptedException;
    }

    /** Runs one call to Keycloak and records it: 200, Keycloak's status when it refused, 0 when nothing answered. */
    private Tokens timed(String operation, KeycloakCall call) {
        long sent = System.nanoTime();
        int status;
        Tokens tokens = null;
        try {
            tokens = call.call();
            status = 200;
        } catch (BrowserLogin.LoginRefused refused) {
            status = refused.status();
        } catch (IOException | RuntimeException unreachable) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        answers.add(new Answer(sent, System.nanoTime() - sent, operation, status, null, status != 200));
        return tokens;
    }

    private void work(String token, int perSecond) {
        List<String> mine = new ArrayList<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        for (long n = 0; running; n++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            next += interval;
            int kind = (int) (n % 10);
            if (mine.isEmpty() || kind < 3) {
                create(token, mine);
            } else if (kind < 5) {
                update(token, mine.get(ThreadLocalRandom.current().nextInt(mine.size())));
            } else if (kind < 8) {
                read(token, mine.get(ThreadLocalRandom.current().nextInt(mine.size())));
            } else {
                send("list", "GET", "/records?limit=20", token, null, null, 200);
            }
        }
    }

    private void create(String token, List<String> mine) {
        ObjectNode body = content("created");
        Api.Response response = send("create", "POST", "/records", token, body.toString(), null, 201);
        if (response != null && response.status() == 201) {
            String id = response.json().path("id").asText();
            mine.add(id);
            ledger.acknowledged(id, new Written(response.json().path("version").asInt(), body.path("title").asText(), body.path("body").asText()), token);
        }
    }

    private void update(String token, String id) {
        if (uncertain.contains(id) && !refresh(token, id)) {
            return; // still unknown which version the record is at: an update now would only be refused (412)
        }
        Written last = ledger.last(id);
        ObjectNode body = content("updated");
        Written attempted = new Written(last.version() + 1, body.path("title").asText(), body.path("body").asText());
        Api.Response response = send("update", "PUT", "/records/" + id, token, body.toString(), "\"" + last.version() + "\"", 200);
        if (response != null && response.status() == 200) {
            ledger.acknowledged(id, new Written(response.json().path("version").asInt(), attempted.title(), attempted.body()), token);
        } else {
            ledger.attempted(id, attempted);
            uncertain.add(id);
            refresh(token, id);
        }
    }

    /**
     * After a failed update: what the record is now, so that the next update names its version; false while that
     * cannot be read.
     */
    private boolean refresh(String token, String id) {
        Api.Response now = send("read", "GET", "/records/" + id, token, null, null, 200);
        if (now == null || now.status() != 200) {
            return false;
        }
        ledger.appliedAfterAll(id, Written.of(now.json()));
        uncertain.remove(id);
        return true;
    }

    private void read(String token, String id) {
        send("read", "GET", "/records/" + id, token, null, null, 200);
    }

    private Api.Response send(String operation, String method, String path, String token, String body, String ifMatch, int expected) {
        long sent = System.nanoTime();
        try {
            Api.Response response = api.call(method, path, token, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
            answers.add(new Answer(sent, System.nanoTime() - sent, operation, response.status(), response.header("Retry-After"),
                    response.status() != expected));
            return response;
        } catch (UncheckedIOException noAnswer) {
            answers.add(new Answer(sent, System.nanoTime() - sent, operation, 0, null, true));
            return null;
        }
    }

    private static ObjectNode content(String what) {
        ObjectNode body = JSON.createObjectNode();
        long n = ThreadLocalRandom.current().nextLong();
        body.put("title", what + " " + Long.toHexString(n));
        body.put("body", "workload " + what + " " + n);
        body.putArray("tags").add("workload");
        return body;
    }

    /** Seconds since the workload began, for a report. */
    double secondsSinceStart(long nanos) {
        return (nanos - begin) / 1e9;
    }

    /** How long it ran, until closed. */
    double lastedSeconds() {
        return secondsSinceStart(endedNanos);
    }

    List<Answer> answers() {
        List<Answer> sorted = new ArrayList<>(answers);
        sorted.sort(Comparator.comparingLong(Answer::sentNanos));
        return sorted;
    }

    /** Failed requests by operation and status, e.g. {update 503=2}. */
    Map<String, Integer> failures() {
        Map<String, Integer> counts = new TreeMap<>();
        answers().stream().filter(Answer::failed).forEach(answer -> counts.merge(answer.operation() + " " + answer.status(), 1, Integer::sum));
        return counts;
    }

    /**
     * From the first failed API request of the longest run of failures (in the order they were sent) to the next
     * success; sign-ins and refreshes, which go to Keycloak, neither start nor end a run.
     */
    double longestFailedRunSeconds() {
        long longest = 0;
        long runStart = -1;
        for (Answer answer : answers()) {
            if (answer.fromKeycloak()) {
                continue;
            }
            if (answer.failed() && runStart < 0) {
                runStart = answer.sentNanos();
            } else if (!answer.failed() && runStart >= 0) {
                longest = Math.max(longest, answer.sentNanos() - runStart);
                runStart = -1;
            }
        }
        return longest / 1e9;
    }

    /** Whether the session of the first sign-in lasted: its last refresh, once the fault was over, was answered. */
    boolean sessionKept() {
        List<Answer> refreshes = answers().stream().filter(answer -> answer.operation().equals("refresh")).toList();
        return !refreshes.isEmpty() && !refreshes.get(refreshes.size() - 1).failed();
    }

    /** The p99 of every answer's time, in milliseconds. */
    double p99Millis() {
        return Math.max(0, LoadRecorder.percentile(answers.stream().map(Answer::tookNanos).toList(), 99)) / 1e6;
    }

    /** Reads every record written back, each with its owner's token. */
    Check check() {
        return ledger.check(api, token -> token); // each worker's records are owned by its token's user
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        endedNanos = System.nanoTime();
        for (Thread worker : workers) {
            worker.join(10_000);
        }
    }
}
