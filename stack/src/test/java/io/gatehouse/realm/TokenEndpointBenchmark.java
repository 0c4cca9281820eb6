package io.gatehouse.realm;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.bench.BenchStack;
import io.gatehouse.stack.bench.ServerCpu;
import io.gatehouse.stack.bench.Throughput;
import io.gatehouse.stack.bench.Wrk;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Keycloak's token endpoint under load: {@code ./mvnw -q -DskipTests -Pbench-tokens package -pl keycloak-realm -am}.
 * Starts PostgreSQL and Keycloak with the gatehouse realm, then loads the token endpoint with wrk: client
 * credentials (the realm's service client) and password grants (through a client made for this run only, since
 * the realm's own clients refuse that grant). The logins rotate over many users made for the run, as real traffic
 * does: one user logging in concurrently is locked by the realm's brute-force detection. Compared per core with
 * Keycloak's sizing guidance: about 120 client-credentials grants and 15 password logins per second per vCPU.
 */
public final class TokenEndpointBenchmark {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String PASSWORD_CLIENT = "bench-password-grant";
    private static final String USER_PASSWORD = "Bench-Login-Passw0rd";

    private TokenEndpointBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Wrk.requireInstalled();
        Path scratch = Path.of(System.getProperty("gatehouse.bench.dir"));
        try (Stack stack = BenchStack.start(scratch, Map.of(), EnumSet.of(Component.KEYCLOAK))) {
            run(stack, new Wrk(2, Integer.getInteger("bench.connections", 16), scratch));
        }
    }

    private static void run(Stack stack, Wrk wrk) {
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup.seconds", 20));
        Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
        int users = Integer.getInteger("bench.users", 200);
        try (Keycloak keycloak = TestRealm.admin(stack)) {
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(PASSWORD_CLIENT);
            client.setPublicClient(true);
            client.setStandardFlowEnabled(false);
            client.setDirectAccessGrantsEnabled(true);
            try (Response created = keycloak.realm(StackConfig.REALM).clients().create(client)) {
                RealmSync.requireSuccess(created, "create the benchmark's password-grant client");
            }
            createUsers(keycloak, users);
            applyAttempt(keycloak.realm(StackConfig.REALM));
        }
        String tokenUrl = KeycloakSettings.of(stack.config()).issuer() + "/protocol/openid-connect/token";
        String clientCredentials = form(Map.of("grant_type", "client_credentials", "client_id", "gatehouse-service",
                "client_secret", KeycloakSettings.of(stack.config()).serviceClientSecret()));
        List<String> logins = IntStream.range(0, users).mapToObj(i -> form(Map.of("grant_type", "password", "client_id", PASSWORD_CLIENT,
                "username", "bench-" + i, "password", USER_PASSWORD, "scope", "openid"))).toList();
        System.out.printf("bench: Keycloak token endpoint, %d cores shared with wrk and PostgreSQL, %d s per run after %d s warm-up%n",
                CORES, measure.toSeconds(), warmUp.toSeconds());
        wrk.post(tokenUrl, clientCredentials, FORM, Map.of(), warmUp);
        ServerCpu cpu = ServerCpu.from(stack);
        report("client credentials", 120, wrk.post(tokenUrl, clientCredentials, FORM, Map.of(), measure), cpu.secondsSince(), measure);
        wrk.postEach(tokenUrl, logins, FORM, warmUp);
        cpu = ServerCpu.from(stack);
        report("password grant", 15, wrk.postEach(tokenUrl, logins, FORM, measure), cpu.secondsSince(), measure);
    }

    /**
     * A tuning attempt on the realm, from -Dbench.* (Keycloak's own options come from the environment: KC_DB_POOL_MAX_SIZE,
     * JAVA_OPTS_APPEND, ...): {@code bench.events.stored=false} stores no login events; {@code bench.lightweight=false}
     * gives the service client full access tokens again (the realm file gives it lightweight ones), to measure what they buy.
     */
    private static void applyAttempt(RealmResource realm) {
        if (!Boolean.parseBoolean(System.getProperty("bench.events.stored", "true"))) {
            RealmEventsConfigRepresentation events = realm.getRealmEventsConfig();
            events.setEventsEnabled(false);
            realm.updateRealmEventsConfig(events);
            System.out.println("bench: attempt: login events not stored");
        }
        if (!Boolean.parseBoolean(System.getProperty("bench.lightweight", "true"))) {
            ClientRepresentation service = realm.clients().findByClientId("gatehouse-service").get(0);
            service.getAttributes().put("client.use.lightweight.access.token.enabled", "false");
            realm.clients().get(service.getId()).update(service);
            System.out.println("bench: attempt: full access tokens for gatehouse-service");
        }
        System.getenv().entrySet().stream().filter(variable -> variable.getKey().startsWith("KC_") || variable.getKey().equals("JAVA_OPTS_APPEND"))
                .filter(variable -> !variable.getKey().matches(".*(PASSWORD|SECRET|KEY).*"))
                .forEach(variable -> System.out.println("bench: attempt: " + variable.getKey() + "=" + variable.getValue()));
    }

    private static void createUsers(Keycloak keycloak, int count) {
        System.out.printf("bench: creating %d users%n", count);
        for (int i = 0; i < count; i++) {
            UserRepresentation user = new UserRepresentation();
            user.setUsername("bench-" + i);
            user.setEmail("bench-" + i + "@bench.test");
            user.setFirstName("Bench");
            user.setLastName("User " + i);
            user.setEnabled(true);
            CredentialRepresentation credential = new CredentialRepresentation();
            credential.setType(CredentialRepresentation.PASSWORD);
            credential.setValue(USER_PASSWORD);
            credential.setTemporary(false);
            user.setCredentials(List.of(credential));
            try (Response created = keycloak.realm(StackConfig.REALM).users().create(user)) {
                RealmSync.requireSuccess(created, "create benchmark user " + i);
            }
        }
    }

    /**
     * Per core of the machine, and per core Keycloak itself used (its CPU seconds over the run): Keycloak's guidance
     * is for vCPUs it has to itself, where here PostgreSQL and wrk take their share of the same cores.
     */
    private static void report(String grant, int guidancePerCore, Throughput result, Map<String, Double> cpuSeconds, Duration measured) {
        double keycloakCores = cpuSeconds.getOrDefault("Keycloak", 0.0) / measured.toSeconds();
        System.out.printf("bench: %-20s %7.1f /s  p50 %7.2f ms  p99 %7.2f ms  = %6.1f /s per core, %6.1f /s per core Keycloak used"
                        + " (Keycloak's guidance: about %d)%n", grant, result.perSecond(), result.p50Millis(), result.p99Millis(),
                result.perSecond() / CORES, result.perSecond() / keycloakCores, guidancePerCore);
        System.out.printf("bench: %-20s CPU seconds over %d s: %s%n", grant, measured.toSeconds(), ServerCpu.describe(cpuSeconds));
    }

    private static String form(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
