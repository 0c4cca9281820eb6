package io.gatehouse.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The records API. Every resource is behind MicroProfile JWT: Keycloak-signed bearer tokens only. */
@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles(Roles.USER)
@OpenAPIDefinition(
        info = @Info(title = "Gatehouse records API", version = "1",
                description = "Records of the caller's tenant (a Keycloak organization). Errors are application/problem+json."),
        security = @SecurityRequirement(name = RestApplication.KEYCLOAK_SCHEME))
@SecurityScheme(securitySchemeName = RestApplication.KEYCLOAK_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "An access token of the gatehouse realm, audience gatehouse-api (code + PKCE login)")
public class RestApplication extends Application {
    static final String KEYCLOAK_SCHEME = "keycloak";
}
