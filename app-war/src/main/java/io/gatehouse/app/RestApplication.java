package io.gatehouse.app;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** The records API. Every resource is behind MicroProfile JWT: Keycloak-signed bearer tokens only. */
@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.USER, Roles.ADMIN})
public class RestApplication extends Application {
}
