package io.gatehouse.keycloak.metrics;

import io.micrometer.core.instrument.Metrics;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers {@link OrganizationEventMetrics} as a global listener: it hears every realm's events without being named in
 * a realm's event settings (as Keycloak's own metrics listener), and counts into the registry behind Keycloak's /metrics.
 */
public final class OrganizationEventMetricsFactory implements EventListenerProviderFactory {
    public static final String PROVIDER_ID = "gatehouse-organization-metrics";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new OrganizationEventMetrics(session, Metrics.globalRegistry);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
        // No settings.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
