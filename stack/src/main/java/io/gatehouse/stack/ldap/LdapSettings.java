package io.gatehouse.stack.ldap;

import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.StackConfig;

import java.util.Map;

/** Where the LDAP directory listens, and the password Keycloak binds with (read-only use). */
public record LdapSettings(StackConfig stack, int port) implements ServerSettings {
    public static LdapSettings of(StackConfig stack) {
        return new LdapSettings(stack, stack.port("gatehouse.ldap.port", 18389));
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("gatehouse.ldap.port", port);
    }

    public String url() {
        return "ldap://" + stack.host() + ":" + port;
    }

    public String bindPassword() {
        return stack.secret("gatehouse.ldap.bind-password", "ldap-bind-password");
    }
}
