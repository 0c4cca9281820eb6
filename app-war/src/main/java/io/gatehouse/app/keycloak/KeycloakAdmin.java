package io.gatehouse.app.keycloak;

import io.gatehouse.app.errors.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keycloak's admin API as the API's service account (tenant self-service, admin events): a client-credentials token fetched when needed and
 * reused until shortly before it expires. Every call goes through {@link #call}, which turns Keycloak's answers into
 * problems for the API's caller: its 400 and 409 keep their status and message, anything else (unreachable,
 * refused rights, a server error) is a 502 or 503 that names Keycloak, logged without the token.
 */
@ApplicationScoped
public class KeycloakAdmin {
    private static final Logger LOG = Logger.getLogger(KeycloakAdmin.class.getName());
    private static final long REFRESH_BEFORE_EXPIRY_SECONDS = 30;
    private final String realm;
    private final String clientId;
    private final Optional<String> clientSecret;
    private final KeycloakAdminApi api;
    private final KeycloakTokenApi tokens;
    private volatile String token;
    private volatile Instant tokenExpires = Instant.EPOCH;

    @Inject
    public KeycloakAdmin(@ConfigProperty(name = "gatehouse.keycloak.url") String url,
                         @ConfigProperty(name = "gatehouse.keycloak.realm", defaultValue = "gatehouse") String realm,
                         @ConfigProperty(name = "gatehouse.tenant-admin.client-id", defaultValue = "gatehouse-tenant-admin") String clientId,
                         @ConfigProperty(name = "gatehouse.tenant-admin.client-secret") Optional<String> clientSecret,
                         @ConfigProperty(name = "gatehouse.keycloak.forwarded-proto") Optional<String> forwardedProto) {
        this.realm = realm;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        URI base = URI.create(url);
        // call() fetches the token first, so that a refused grant is reported as such rather than from inside a filter.
        ClientRequestFilter bearer = request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        // Inside a VPC the API calls Keycloak over plain HTTP behind the TLS of the load balancer; Keycloak (trusting
        // forwarded headers from the VPC only) must see the request as https, or a realm with sslRequired=all refuses it.
        ClientRequestFilter proto = request -> forwardedProto.ifPresent(value -> request.getHeaders().putSingle("X-Forwarded-Proto", value));
        this.api = builder(base).register(proto).register(bearer).build(KeycloakAdminApi.class);
        this.tokens = builder(base).register(proto).build(KeycloakTokenApi.class);
    }

    /** For CDI's proxy only. */
    protected KeycloakAdmin() {
        this.realm = null;
        this.clientId = null;
        this.clientSecret = Optional.empty();
        this.api = null;
        this.tokens = null;
    }

    private static RestClientBuilder builder(URI base) {
        return RestClientBuilder.newBuilder().baseUri(base).connectTimeout(5, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS)
                .register(new KeycloakRefused.Mapper());
    }

    /** Runs one admin API call for this realm, Keycloak's refusals turned into problems (and logged). */
    public <T> T call(Function<KeycloakAdminApi, T> call, String what) {
        return call(call, what, Level.WARNING);
    }

    /** {@link #call} for a background poll that reports its own failures: nothing is logged above FINE. */
    public <T> T poll(Function<KeycloakAdminApi, T> call, String what) {
        return call(call, what, Level.FINE);
    }

    private <T> T call(Function<KeycloakAdminApi, T> call, String what, Level level) {
        try {
            try {
                refreshToken();
            } catch (KeycloakRefused e) {
                LOG.log(level, "Keycloak refused the token of {0}: HTTP {1} {2}", new Object[]{clientId, e.status(), e.getMessage()});
                throw new ProblemException(Response.Status.BAD_GATEWAY, "the identity provider refused the tenant self-service account (HTTP "
                        + e.status() + ")");
            }
            return call.apply(api);
        } catch (KeycloakRefused e) {
            int status = e.status();
            String message = e.getMessage();
            if (status == 401) {
                tokenExpires = Instant.EPOCH;
            }
            if (status == 400 || status == 409 || status == 404) {
                throw new ProblemException(status, what + ": " + message);
            }
            LOG.log(level, "Keycloak refused to {0}: HTTP {1} {2}", new Object[]{what, status, message});
            throw new ProblemException(Response.Status.BAD_GATEWAY, "the identity provider refused to " + what + " (HTTP " + status + ")");
        } catch (ProcessingException e) {
            LOG.log(level, "Keycloak unreachable to {0}: {1}", new Object[]{what, e.toString()});
            throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE, "the identity provider is unreachable; retry shortly");
        }
    }

    /** {@link #call} for an admin API call that answers nothing. */
    public void run(Consumer<KeycloakAdminApi> call, String what) {
        call(api -> {
            call.accept(api);
            return null;
        }, what);
    }

    public String realm() {
        return realm;
    }

    /** Whether the service account's secret is set (GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET); without it every call is a 503. */
    public boolean configured() {
        return clientSecret.isPresent();
    }

    private void refreshToken() {
        if (Instant.now().isBefore(tokenExpires)) {
            return;
        }
        synchronized (this) {
            if (Instant.now().isBefore(tokenExpires)) {
                return;
            }
            String secret = clientSecret.orElseThrow(() -> new ProblemException(Response.Status.SERVICE_UNAVAILABLE,
                    "tenant self-service is not configured (GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET is not set)"));
            KeycloakTokenApi.Token granted = tokens.clientCredentials(realm, "client_credentials", clientId, secret);
            token = granted.accessToken();
            tokenExpires = Instant.now().plusSeconds(Math.max(0, granted.expiresIn() - REFRESH_BEFORE_EXPIRY_SECONDS));
        }
    }
}
