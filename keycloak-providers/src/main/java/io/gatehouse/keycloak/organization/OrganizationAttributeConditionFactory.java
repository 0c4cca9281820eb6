package io.gatehouse.keycloak.organization;

import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/** Registers {@link OrganizationAttributeCondition} with Keycloak as "Condition - organization attribute". */
public final class OrganizationAttributeConditionFactory implements ConditionalAuthenticatorFactory {
    /** At most 36 characters: Keycloak keeps an execution's authenticator in a column of that size. */
    public static final String PROVIDER_ID = "gatehouse-organization-attribute";
    static final String ATTRIBUTE = "attribute";
    static final String VALUE = "value";
    static final String DEFAULT_ATTRIBUTE = "gatehouse.second-factor";
    static final String DEFAULT_VALUE = "required";
    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - organization attribute";
    }

    @Override
    public String getHelpText() {
        return "Matches when the user is a member of an enabled organization whose attribute holds the given value "
                + "(Gatehouse: a tenant that requires a second factor of everyone).";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ATTRIBUTE).label("Organization attribute").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_ATTRIBUTE).helpText("The attribute of the user's organizations to read").add()
                .property().name(VALUE).label("Value").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULT_VALUE).helpText("The value one of them must hold").add()
                .build();
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return OrganizationAttributeCondition.SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {
        // No server-wide settings.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to prepare.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
