package io.gatehouse.app.revocation;

import io.gatehouse.app.errors.ProblemException;
import io.gatehouse.app.keycloak.KeycloakAdmin;
import io.gatehouse.app.keycloak.KeycloakAdminApi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keycloak sends no back-channel logout when an admin disables or deletes a user, so the API reads Keycloak's admin
 * events (user updated or deleted) every {@code gatehouse.revocation.keycloak-poll-millis}: a deleted user, or one an
 * update left disabled, has every token issued up to the event's time refused, through the {@link RevocationList}
 * every API server shares. Tokens issued after a user is enabled again are not touched. An update that disabled and
 * re-enabled a user between two polls is read as enabled (the events carry no representation).
 */
@ApplicationScoped
public class DisabledUsersWatch {
    private static final Logger LOG = Logger.getLogger(DisabledUsersWatch.class.getName());
    private static final Pattern USER_PATH = Pattern.compile("users/([A-Za-z0-9:_-]{1,100})");
    private static final int PAGE = 100;
    private final KeycloakAdmin keycloak;
    private final RevocationList revocations;
    private final long pollMillis;
    private final long keepSeconds;
    private volatile Poll poll;
    /** Events are read from this time (epoch ms) on, inclusive: the newest event's millisecond is read again next time. */
    private long readFrom;
    /** The events of that millisecond already handled, so that reading it again changes nothing. */
    private final Set<String> handledAtReadFrom = new HashSet<>();

    @Inject
    public DisabledUsersWatch(KeycloakAdmin keycloak, RevocationList revocations,
                              @ConfigProperty(name = "gatehouse.revocation.keycloak-poll-millis", defaultValue = "1000") long pollMillis,
                              @ConfigProperty(name = "gatehouse.revocation.keep-seconds", defaultValue = "900") long keepSeconds) {
        if (pollMillis < 100) {
            throw new IllegalArgumentException("gatehouse.revocation.keycloak-poll-millis must be at least 100");
        }
        this.keycloak = keycloak;
        this.revocations = revocations;
        this.pollMillis = pollMillis;
        this.keepSeconds = keepSeconds;
    }

    /** For CDI's proxy only. */
    protected DisabledUsersWatch() {
        this.keycloak = null;
        this.revocations = null;
        this.pollMillis = 0;
        this.keepSeconds = 0;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        if (!keycloak.configured()) {
            LOG.warning("GATEHOUSE_TENANT_ADMIN_CLIENT_SECRET is not set: tokens of users an admin disables or deletes are accepted until they expire");
            return;
        }
        // Older events concern only tokens that have expired.
        readFrom = Instant.now().minusSeconds(keepSeconds).toEpochMilli();
        poll = Poll.start("gatehouse-disabled-users", pollMillis, this::readNewEvents, LOG,
                "Keycloak's admin events not read (disabled or deleted users' tokens count as ended once they are)",
                "Keycloak's admin events read again", false);
    }

    private void readNewEvents() {
        long from = readFrom;
        for (int first = 0; ; first += PAGE) {
            int offset = first;
            List<KeycloakAdminApi.AdminEvent> events = keycloak.poll(api -> api.adminEvents(keycloak.realm(), List.of("USER"),
                    List.of("UPDATE", "DELETE"), from, "asc", offset, PAGE), "read admin events");
            for (KeycloakAdminApi.AdminEvent event : events) {
                handle(event);
            }
            if (events.size() < PAGE) {
                return;
            }
        }
    }

    private void handle(KeycloakAdminApi.AdminEvent event) {
        String key = event.operationType() + " " + event.resourcePath();
        if (event.time() < readFrom || (event.time() == readFrom && handledAtReadFrom.contains(key))) {
            return;
        }
        Matcher user = USER_PATH.matcher(event.resourcePath() == null ? "" : event.resourcePath());
        if (user.matches() && ended(event.operationType(), user.group(1))) {
            revocations.revoke(new Revocation(null, user.group(1), Instant.ofEpochMilli(event.time())));
            LOG.info(() -> "user " + user.group(1) + " " + ("DELETE".equals(event.operationType()) ? "deleted" : "disabled")
                    + " in Keycloak: their tokens until then are refused");
        }
        if (event.time() > readFrom) {
            readFrom = event.time();
            handledAtReadFrom.clear();
        }
        handledAtReadFrom.add(key);
    }

    private boolean ended(String operation, String userId) {
        if ("DELETE".equals(operation)) {
            return true;
        }
        try {
            return Boolean.FALSE.equals(keycloak.poll(api -> api.user(keycloak.realm(), userId), "read a user").enabled());
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return true;
            }
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        Poll running = poll;
        if (running != null) {
            running.stop();
        }
    }
}
