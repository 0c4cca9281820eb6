package io.gatehouse.realm;

import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Replaces a flow by the file's version without a moment where sign-ins meet a half-built one: the new flow is
 * built under a temporary alias, bound wherever the old one was (the realm's bindings, identity providers' login
 * flows, clients' overrides), the old one is deleted, and the new one takes its alias. A copy left by an apply that
 * died half-way is deleted first.
 */
final class FlowSwap {
    static final String BUILDING = " - being applied";
    private final RealmResource realm;
    private final AuthenticationManagementResource authentication;
    private final RealmFile file;

    FlowSwap(RealmResource realm, RealmFile file) {
        this.realm = realm;
        this.authentication = realm.flows();
        this.file = file;
    }

    void replace(AuthenticationFlowRepresentation old) {
        String alias = old.getAlias();
        authentication.getFlows().stream().filter(flow -> flow.getAlias().equals(alias + BUILDING))
                .forEach(leftover -> authentication.deleteFlow(leftover.getId()));
        FlowBuilder builder = new FlowBuilder(authentication, file, BUILDING);
        String newId = builder.build(alias);
        rebind(old, alias + BUILDING, newId);
        authentication.deleteFlow(old.getId());
        rename(alias + BUILDING, newId);
    }

    private void rebind(AuthenticationFlowRepresentation old, String newAlias, String newId) {
        RealmRepresentation settings = realm.toRepresentation();
        RealmRepresentation bindings = new RealmRepresentation();
        boolean bound = rebind(old.getAlias(), newAlias, settings::getBrowserFlow, bindings::setBrowserFlow)
                | rebind(old.getAlias(), newAlias, settings::getRegistrationFlow, bindings::setRegistrationFlow)
                | rebind(old.getAlias(), newAlias, settings::getDirectGrantFlow, bindings::setDirectGrantFlow)
                | rebind(old.getAlias(), newAlias, settings::getResetCredentialsFlow, bindings::setResetCredentialsFlow)
                | rebind(old.getAlias(), newAlias, settings::getClientAuthenticationFlow, bindings::setClientAuthenticationFlow)
                | rebind(old.getAlias(), newAlias, settings::getDockerAuthenticationFlow, bindings::setDockerAuthenticationFlow)
                | rebind(old.getAlias(), newAlias, settings::getFirstBrokerLoginFlow, bindings::setFirstBrokerLoginFlow);
        if (bound) {
            realm.update(bindings);
        }
        for (IdentityProviderRepresentation provider : realm.identityProviders().findAll()) {
            boolean first = rebind(old.getAlias(), newAlias, provider::getFirstBrokerLoginFlowAlias, provider::setFirstBrokerLoginFlowAlias);
            boolean post = rebind(old.getAlias(), newAlias, provider::getPostBrokerLoginFlowAlias, provider::setPostBrokerLoginFlowAlias);
            if (first || post) {
                realm.identityProviders().get(provider.getAlias()).update(provider);
            }
        }
        for (ClientRepresentation client : realm.clients().findAll()) {
            Map<String, String> overrides = client.getAuthenticationFlowBindingOverrides();
            if (overrides != null && overrides.containsValue(old.getId())) {
                overrides.replaceAll((binding, flowId) -> flowId.equals(old.getId()) ? newId : flowId);
                realm.clients().get(client.getId()).update(client);
            }
        }
    }

    private static boolean rebind(String oldAlias, String newAlias, Supplier<String> current, Consumer<String> set) {
        if (Objects.equals(current.get(), oldAlias)) {
            set.accept(newAlias);
            return true;
        }
        return false;
    }

    /** Takes the suffix off the new flow, its sub-flows and its configs (bindings follow, as Keycloak binds by id). */
    private void rename(String building, String id) {
        for (AuthenticationExecutionInfoRepresentation execution : authentication.getExecutions(building)) {
            if (execution.getFlowId() != null) {
                renameFlow(authentication.getFlow(execution.getFlowId()), false);
            }
            if (execution.getAuthenticationConfig() != null) {
                AuthenticatorConfigRepresentation config = authentication.getAuthenticatorConfig(execution.getAuthenticationConfig());
                config.setAlias(withoutSuffix(config.getAlias()));
                authentication.updateAuthenticatorConfig(config.getId(), config);
            }
        }
        renameFlow(authentication.getFlow(id), true);
    }

    private void renameFlow(AuthenticationFlowRepresentation flow, boolean topLevel) {
        flow.setAlias(withoutSuffix(flow.getAlias()));
        flow.setTopLevel(topLevel);
        flow.setAuthenticationExecutions(null);
        authentication.updateFlow(flow.getId(), flow);
    }

    private static String withoutSuffix(String alias) {
        return alias.endsWith(BUILDING) ? alias.substring(0, alias.length() - BUILDING.length()) : alias;
    }
}
