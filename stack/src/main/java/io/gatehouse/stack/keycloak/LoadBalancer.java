package io.gatehouse.stack.keycloak;

import io.undertow.Undertow;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;

import java.net.URI;
import java.util.List;

/**
 * The HA stack's load balancer in front of the Keycloak nodes, in the stack's own JVM (Undertow's reverse proxy), as the
 * ALB is in AWS: requests go round-robin to every node, with no session affinity, so that one sign-in's pages are
 * served by both and the nodes must share its state. A node that refuses a connection is passed over for a while and
 * the request goes to the next one, as nginx's {@code proxy_next_upstream} does; a request in flight on a node that
 * dies fails (503), as it would behind the ALB.
 */
final class LoadBalancer implements AutoCloseable {
    /** Seconds a node that refused a connection is passed over before it is tried again. */
    private static final int PROBLEM_NODE_RETRY_SECONDS = 2;
    private final Undertow server;

    private LoadBalancer(Undertow server) {
        this.server = server;
    }

    static LoadBalancer start(String host, int port, List<URI> nodes) {
        LoadBalancingProxyClient client = new LoadBalancingProxyClient()
                .setProblemServerRetry(PROBLEM_NODE_RETRY_SECONDS)
                .setConnectionsPerThread(32);
        nodes.forEach(client::addHost);
        Undertow server = Undertow.builder()
                .addHttpListener(port, host)
                .setHandler(ProxyHandler.builder().setProxyClient(client)
                        // Keycloak is told its public URL (KC_HOSTNAME), so the Host header can stay as the browser sent it.
                        .setRewriteHostHeader(false)
                        .setMaxConnectionRetries(nodes.size())
                        .setMaxRequestTime(60_000)
                        .build())
                .build();
        server.start();
        return new LoadBalancer(server);
    }

    @Override
    public void close() {
        server.stop();
    }
}
