package io.gatehouse.keycloak.organization;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.List;
import java.util.Map;

/**
 * True when the user being signed in is a member of an enabled organization whose attribute
 * ({@value OrganizationAttributeConditionFactory#ATTRIBUTE}, by default {@code gatehouse.second-factor}) holds the
 * value ({@value OrganizationAttributeConditionFactory#VALUE}, by default {@code required}): a tenant's sign-in policy
 * kept as data on the organization, so a flow needs no edit when a tenant changes its mind.
 */
final class OrganizationAttributeCondition implements ConditionalAuthenticator {
    static final OrganizationAttributeCondition SINGLETON = new OrganizationAttributeCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        OrganizationProvider organizations = context.getSession().getProvider(OrganizationProvider.class);
        if (user == null || organizations == null || !context.getRealm().isOrganizationsEnabled()) {
            return false;
        }
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        String attribute = config.getOrDefault(OrganizationAttributeConditionFactory.ATTRIBUTE, OrganizationAttributeConditionFactory.DEFAULT_ATTRIBUTE);
        String value = config.getOrDefault(OrganizationAttributeConditionFactory.VALUE, OrganizationAttributeConditionFactory.DEFAULT_VALUE);
        return organizations.getByMember(user).anyMatch(organization -> holds(organization, attribute, value));
    }

    static boolean holds(OrganizationModel organization, String attribute, String value) {
        Map<String, List<String>> attributes = organization.getAttributes();
        return organization.isEnabled() && attributes != null && attributes.getOrDefault(attribute, List.of()).contains(value);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // A condition shows no page, so it never receives a form.
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Nothing for the user to set up: the condition reads the organization.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
