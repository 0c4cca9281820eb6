package io.gatehouse.app.keycloak;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Keycloak's token endpoint, for the service account's client-credentials grant. */
@Path("/realms/{realm}/protocol/openid-connect/token")
public interface KeycloakTokenApi {

    record Token(@JsonbProperty("access_token") String accessToken, @JsonbProperty("expires_in") long expiresIn) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Token clientCredentials(@PathParam("realm") String realm, @FormParam("grant_type") String grantType,
                            @FormParam("client_id") String clientId, @FormParam("client_secret") String clientSecret);
}
