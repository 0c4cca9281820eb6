package io.gatehouse.stack.keycloak;

import io.gatehouse.stack.ServerProcess;

import java.net.URI;

/** One Keycloak node of the stack: its number, its own address (behind the load balancer in a cluster) and its process. */
public record KeycloakNode(int number, URI url, ServerProcess process) {

    /** SIGKILL of kc.sh and its JVM, as a crash; returns once they are gone. */
    public void kill() {
        process.kill();
    }
}
