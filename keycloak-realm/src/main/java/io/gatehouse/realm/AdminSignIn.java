package io.gatehouse.realm;

import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * The one way Gatehouse signs in to Keycloak's admin API: as a user (the {@code admin-cli} client's password grant) or as
 * a service account (client credentials). The client gets and refreshes its token itself; close it when done.
 */
public final class AdminSignIn {
    private AdminSignIn() {
    }

    public static Keycloak asUser(String keycloakUrl, String realm, String user, String password) {
        return KeycloakBuilder.builder().serverUrl(keycloakUrl).realm(realm).grantType(OAuth2Constants.PASSWORD)
                .clientId("admin-cli").username(user).password(password).build();
    }

    public static Keycloak asClient(String keycloakUrl, String realm, String clientId, String secret) {
        return KeycloakBuilder.builder().serverUrl(keycloakUrl).realm(realm).grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(clientId).clientSecret(secret).build();
    }
}
