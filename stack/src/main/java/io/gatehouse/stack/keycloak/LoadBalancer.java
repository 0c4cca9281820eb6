package io.gatehouse.stack.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

/**
 * The HA stack's load balancer in front of the Keycloak nodes, in the stack's own JVM (Jetty's reverse proxy), as the
 * ALB is in AWS: requests go round-robin to the nodes whose readiness check passes, with no session affinity, so that
 * one sign-in's pages are served by both and the nodes must share its state. Each node's readiness is checked every
 * second, as the ALB's target health check does: a node that dies or starts again is out of the rotation until it is
 * initialized (Keycloak answers 503 while it boots). A request sent to a node that died since the last check fails
 * (502), as it would behind the ALB.
 */
final class LoadBalancer implements AutoCloseable {
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final String CLUSTER_CHECK = "Keycloak cluster health check";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Server server;
    private final List<URI> nodes;
    private final Map<URI, URI> readiness;
    private final Map<URI, Boolean> inRotation = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "keycloak-balancer-checks");
        thread.setDaemon(true);
        return thread;
    });

    private LoadBalancer(Map<URI, URI> readiness) {
        this.readiness = Map.copyOf(readiness);
        this.nodes = List.copyOf(readiness.keySet());
        nodes.forEach(node -> inRotation.put(node, true));
        this.server = new Server();
    }

    /** @param nodes each node's address, with the readiness check that decides whether it gets requests; all ready now */
    static LoadBalancer start(String host, int port, Map<URI, URI> nodes) {
        LoadBalancer balancer = new LoadBalancer(nodes);
        ServerConnector connector = new ServerConnector(balancer.server);
        connector.setHost(host);
        connector.setPort(port);
        balancer.server.addConnector(connector);
        balancer.server.setHandler(new ProxyHandler.Reverse(balancer::target));
        try {
            balancer.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the load balancer cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        balancer.checks.scheduleWithFixedDelay(balancer::checkAll, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return balancer;
    }

    /**
     * The request's URI on the next node in rotation (on the next node at all, should none be). A node is in rotation
     * when its readiness check passes, or fails on Keycloak's cluster check alone: that check fails on a survivor for
     * some seconds whenever the membership changes (a peer died and its row is still in the discovery table, or a peer
     * is joining), while the survivor serves every request; its other checks (initialized, database) decide.
     */
    private HttpURI target(Request request) {
        int start = Math.floorMod(next.getAndIncrement(), nodes.size());
        URI node = nodes.get(start);
        for (int i = 0; i < nodes.size(); i++) {
            URI candidate = nodes.get((start + i) % nodes.size());
            if (inRotation.get(candidate)) {
                node = candidate;
                break;
            }
        }
        return HttpURI.build(request.getHttpURI()).scheme(node.getScheme()).host(node.getHost()).port(node.getPort());
    }

    private void checkAll() {
        readiness.forEach((node, check) -> inRotation.put(node, serving(check)));
    }

    private boolean serving(URI check) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(check).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                return true;
            }
            JsonNode checks = JSON.readTree(answer.body()).path("checks");
            return checks.size() > 0 && StreamSupport.stream(checks.spliterator(), false)
                    .allMatch(one -> one.path("status").asText().equals("UP") || one.path("name").asText().equals(CLUSTER_CHECK));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception notAnswering) {
            return false;
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping the proxy in our own JVM: nothing is left behind either way
        }
    }
}
