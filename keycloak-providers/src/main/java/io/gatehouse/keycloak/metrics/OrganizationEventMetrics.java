package io.gatehouse.keycloak.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts sign-ins and issued tokens per organization, which Keycloak's own user-event counters cannot (they carry
 * realm, client and identity provider): {@code gatehouse_organization_events_total{realm, organization, event, outcome}}
 * on Keycloak's /metrics, where {@code event} is {@code login} or {@code token} (code exchanged, refreshed or exchanged
 * for another) and {@code organization} the user's organization's alias, {@code several} for a member of more than one,
 * {@code none} for a user of none or an unknown user. One lookup of the user's memberships per counted event.
 */
final class OrganizationEventMetrics implements EventListenerProvider {
    static final String METER = "gatehouse.organization.events";
    private static final Map<EventType, String> COUNTED = Map.of(
            EventType.LOGIN, "login", EventType.LOGIN_ERROR, "login",
            EventType.CODE_TO_TOKEN, "token", EventType.CODE_TO_TOKEN_ERROR, "token",
            EventType.REFRESH_TOKEN, "token", EventType.REFRESH_TOKEN_ERROR, "token",
            EventType.TOKEN_EXCHANGE, "token", EventType.TOKEN_EXCHANGE_ERROR, "token");
    private final KeycloakSession session;
    private final MeterRegistry registry;

    OrganizationEventMetrics(KeycloakSession session, MeterRegistry registry) {
        this.session = session;
        this.registry = registry;
    }

    @Override
    public void onEvent(Event event) {
        String counted = COUNTED.get(event.getType());
        RealmModel realm = counted == null ? null : session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        Counter.builder(METER)
                .description("Sign-ins and tokens per organization of the user (Gatehouse)")
                .tag("realm", realm.getName())
                .tag("organization", organization(realm, event.getUserId()))
                .tag("event", counted)
                .tag("outcome", event.getError() == null ? "success" : "failure")
                .register(registry)
                .increment();
    }

    private String organization(RealmModel realm, String userId) {
        if (userId == null || !realm.isOrganizationsEnabled()) {
            return "none";
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return "none";
        }
        List<String> aliases = session.getProvider(OrganizationProvider.class).getByMember(user)
                .map(OrganizationModel::getAlias).limit(2).toList();
        return aliases.isEmpty() ? "none" : aliases.size() > 1 ? "several" : aliases.get(0).toLowerCase(Locale.ROOT);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Admin events are not sign-ins.
    }

    @Override
    public void close() {
        // Nothing held per session.
    }
}
