package io.gatehouse.stack.keycloak;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keycloak as the AWS deployment runs it: two nodes on one PostgreSQL forming one Infinispan cluster (discovery through
 * the database), behind a load balancer without session affinity.
 */
@WithStack(value = Component.KEYCLOAK, keycloakNodes = 2)
class KeycloakClusterIT {
    private static final String USER = "bob";
    private static final String PASSWORD = "Bob-Gatehouse-1";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void oneSignInIsServedByBothNodesAndItsSessionOutlivesEitherNode(Stack stack) throws Exception {
        KeycloakServer keycloak = stack.server(KeycloakServer.class);
        BrowserLogin browser = BrowserLogin.forWebClient(stack.config());
        long[] before = {requests(keycloak, 1), requests(keycloak, 2)};

        BrowserLogin.Tokens session = browser.login(USER, PASSWORD, "openid organization");

        assertThat(requests(keycloak, 1)).as("requests node 1 served during the sign-in").isGreaterThan(before[0]);
        assertThat(requests(keycloak, 2)).as("requests node 2 served during the sign-in").isGreaterThan(before[1]);
        String sessionId = BrowserLogin.claims(session.accessToken()).path("sid").asText();
        assertThat(sessionId).isNotBlank();

        keycloak.node(1).kill();
        BrowserLogin.Tokens refreshed = browser.refresh(session.refreshToken());
        assertThat(BrowserLogin.claims(refreshed.accessToken()).path("sid").asText()).as("the same session, from node 2 alone").isEqualTo(sessionId);
        assertThat(browser.login(USER, PASSWORD, "openid organization").accessToken()).as("a sign-in with node 1 down").isNotBlank();

        // Node 1 boots (answering 503 until it is ready) while users keep signing in: the load balancer sends it
        // nothing until its readiness check passes.
        List<String> refusals = new CopyOnWriteArrayList<>();
        AtomicInteger signIns = new AtomicInteger();
        AtomicBoolean restarting = new AtomicBoolean(true);
        Thread users = new Thread(() -> {
            while (restarting.get()) {
                try {
                    browser.login(USER, PASSWORD, "openid organization");
                    signIns.incrementAndGet();
                } catch (IOException e) {
                    refusals.add(e.getMessage());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        users.start();
        keycloak.restart(1);
        Thread.sleep(2000);
        restarting.set(false);
        users.join();
        assertThat(refusals).as("sign-ins refused while node 1 started again").isEmpty();
        assertThat(signIns.get()).as("sign-ins while node 1 started again").isPositive();

        keycloak.node(2).kill();
        BrowserLogin.Tokens fromRestarted = browser.refresh(refreshed.refreshToken());
        assertThat(BrowserLogin.claims(fromRestarted.accessToken()).path("sid").asText()).as("the same session, from the restarted node 1 alone").isEqualTo(sessionId);
        assertThat(browser.login(USER, PASSWORD, "openid organization").accessToken()).as("a sign-in with node 2 down").isNotBlank();
        keycloak.restart(2);

        assertThatThrownBy(() -> browser.refresh(fromRestarted.refreshToken().substring(1)))
                .as("a refresh token altered by one character").isInstanceOf(BrowserLogin.LoginRefused.class);
    }

    /** The HTTP requests a node has served, from its own Prometheus metrics. */
    private long requests(KeycloakServer keycloak, int node) throws IOException, InterruptedException {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(keycloak.settings().metrics(node)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return (long) metrics.body().lines().filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

}
