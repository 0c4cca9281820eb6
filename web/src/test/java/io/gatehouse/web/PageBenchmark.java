package io.gatehouse.web;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.bench.BenchStack;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.liberty.LibertySettings;
import io.gatehouse.stack.web.WebSettings;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What the web page costs its user, in a real headless Chromium on the real stack: bytes received and the time until
 * the records list (a full first page) is on screen, for a first visit with an empty cache (sign-in on Keycloak's
 * pages included) and for a return visit while signed in (the address opened again, as from a bookmark). The time
 * comes from the page itself through the Performance API (the {@code records-shown} user-timing mark main.js sets
 * after the list's frame is painted); the bytes from Chromium's DevTools network events. Each run is a fresh browser
 * profile. Checked against the budgets below: the build fails when a median is over its budget.
 *
 * <p>{@code ./mvnw -q -DskipTests -Pbench-web package -pl web -am} (options {@code -Dbench.runs=7}, and
 * {@code -Dbench.responses=true} to list every response's bytes).
 */
public final class PageBenchmark {
    /** The page's own files and its API calls on a first visit, Keycloak's login pages not included. */
    private static final long BUDGET_APP_BYTES = 75_000;
    /** Keycloak's login pages (its theme's scripts, styles and fonts) on a first visit. */
    private static final long BUDGET_KEYCLOAK_BYTES = 400_000;
    /** Back from Keycloak with the code until the list is painted: code exchange, /me, the first page of records. */
    private static final double BUDGET_SHOWN_AFTER_SIGN_IN_MS = 1_000;
    /** A return visit while signed in: the page, Keycloak's silent redirect with a new code, the calls, the paint. */
    private static final double BUDGET_SHOWN_ON_RETURN_MS = 1_500;
    /** A member of Globex, which asks no second factor: each run signs in with a password only. */
    private static final String USER = "bob";
    /** A full first page of the list (the API's default page size). */
    private static final int RECORDS = 20;
    private static final String SCRIPT = """
            const shown = performance.getEntriesByName('records-shown')[0];
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            return shown ? [performance.timeOrigin, shown.startTime, paint ? paint.startTime : -1,
                document.querySelectorAll('#records-list > li').length] : null;""";

    private final Stack stack;
    private final String webUrl;
    private final String keycloakUrl;
    private final String apiUrl;

    private PageBenchmark(Stack stack) {
        this.stack = stack;
        this.webUrl = WebSettings.of(stack.config()).url();
        this.keycloakUrl = KeycloakSettings.of(stack.config()).url();
        this.apiUrl = LibertySettings.of(stack.config()).url();
    }

    public static void main(String[] args) {
        Path scratch = Path.of(System.getProperty("gatehouse.bench.dir"));
        boolean withinBudget;
        try (Stack stack = BenchStack.start(scratch, Map.of(), EnumSet.of(Component.WEB, Component.LIBERTY, Component.KEYCLOAK))) {
            withinBudget = new PageBenchmark(stack).run(Integer.getInteger("bench.runs", 5));
        }
        if (!withinBudget) {
            throw new IllegalStateException("a median is over its budget (above)");
        }
    }

    private boolean run(int runs) {
        System.out.printf("bench: Chromium (headless, 1280x860, fresh profile per run) on %s; %s has %d records; %d runs%n",
                webUrl, USER, RECORDS, runs);
        try (DemoRealm demo = new DemoRealm(stack)) {
            String token = demo.token(USER, null);
            for (int i = 1; i <= RECORDS; i++) {
                String body = "Notes for item " + i + ". " + "x".repeat(500);
                int status = demo.callApiWith(token, "POST", "/records", "{\"title\":\"Record " + i + "\",\"body\":\"" + body
                        + "\",\"tags\":[\"bench\",\"page\"]}", Map.of()).statusCode();
                if (status != 201) {
                    throw new IllegalStateException("creating a record answered " + status);
                }
            }
        }
        List<Visit> signIns = new ArrayList<>();
        List<Visit> returns = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (Browser browser = Browser.laptopRecordingNetwork()) {
                new GatehousePage(browser, webUrl).open().signIn(USER, DemoRealm.PASSWORDS.get(USER));
                Visit signIn = visit(browser, 0);
                // From another page, as a user coming back: opening the address the tab already shows would be a reload.
                browser.driver().get("about:blank");
                long returnedAt = System.currentTimeMillis();
                browser.driver().get(webUrl + "/");
                Visit returned = visit(browser, returnedAt);
                signIns.add(signIn);
                returns.add(returned);
                System.out.printf("bench: run %d  first visit: %s%nbench: run %d  return:      %s%n", run, signIn, run, returned);
            }
        }
        boolean within = true;
        within &= check("first visit, list shown after the redirect back from Keycloak", median(signIns, Visit::shownMs), BUDGET_SHOWN_AFTER_SIGN_IN_MS, "ms");
        within &= check("return visit, list shown after the address was opened", median(returns, Visit::shownMs), BUDGET_SHOWN_ON_RETURN_MS, "ms");
        within &= check("first visit, bytes from the page's site and API", median(signIns, Visit::app), BUDGET_APP_BYTES, "B");
        within &= check("first visit, bytes from Keycloak", median(signIns, v -> v.keycloak), BUDGET_KEYCLOAK_BYTES, "B");
        System.out.printf("bench: return visit, bytes from site %.0f, API %.0f, Keycloak %.0f (median)%n",
                median(returns, v -> v.site), median(returns, v -> v.api), median(returns, v -> v.keycloak));
        return within;
    }

    /**
     * Waits for the current page to show the list and reads its marks: {@code since} is when the user acted (epoch ms),
     * or 0 to count from the page's own navigation start.
     */
    private Visit visit(Browser browser, long since) {
        // A script can meet a page being replaced (the silent redirect through Keycloak): ask again.
        List<?> marks = new WebDriverWait(browser.driver(), Duration.ofSeconds(30)).ignoring(JavascriptException.class).until(driver -> {
            List<?> read = (List<?>) ((JavascriptExecutor) driver).executeScript(SCRIPT);
            return read != null && ((Number) read.get(0)).doubleValue() >= since ? read : null;
        });
        int cards = ((Number) marks.get(3)).intValue();
        if (cards != RECORDS) {
            throw new IllegalStateException("the list showed " + cards + " records, not " + RECORDS);
        }
        double origin = ((Number) marks.get(0)).doubleValue();
        double shown = ((Number) marks.get(1)).doubleValue();
        double shownMs = since == 0 ? shown : origin + shown - since;
        ReceivedBytes bytes = browser.takeReceivedBytes();
        if (Boolean.getBoolean("bench.responses")) {
            bytes.responses().forEach(response -> System.out.println("bench:     " + response));
        }
        return new Visit(shownMs, ((Number) marks.get(2)).doubleValue(), bytes.from(webUrl), bytes.from(apiUrl), bytes.from(keycloakUrl), bytes.total());
    }

    private static boolean check(String what, double median, double budget, String unit) {
        boolean within = median <= budget;
        System.out.printf("bench: %-66s median %,9.0f %-2s budget %,9.0f %-2s %s%n", what, median, unit, budget, unit, within ? "met" : "EXCEEDED");
        return within;
    }

    private static double median(List<Visit> visits, ToDoubleFunction<Visit> figure) {
        double[] sorted = visits.stream().mapToDouble(figure).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** One visit's figures: milliseconds and bytes received, by where they came from. */
    private record Visit(double shownMs, double firstPaintMs, long site, long api, long keycloak, long total) {
        long app() {
            return site + api;
        }

        @Override
        public String toString() {
            return String.format("list shown %6.0f ms (first paint of the page %5.0f ms); received site %,8d B, API %,7d B, Keycloak %,9d B, total %,9d B",
                    shownMs, firstPaintMs, site, api, keycloak, total);
        }
    }
}
