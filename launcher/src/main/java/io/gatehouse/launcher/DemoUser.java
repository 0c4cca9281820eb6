package io.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import io.gatehouse.stack.keycloak.RealmImport;
import io.gatehouse.stack.ldap.LdapServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A demo login of the local stack (local use only), read from the files that define it so the two cannot
 * disagree: the gatehouse realm's own users, the users of a company identity provider realm (they sign in with
 * their e-mail and are brokered into the organization of its domain), and the people of the LDAP directory.
 *
 * @param source where the password is checked: "local", or the directory or identity provider
 */
record DemoUser(String username, String password, String organization, List<String> roles, String source) {
    /** Roles every Keycloak realm has; not worth showing next to the realm's own. */
    private static final Set<String> KEYCLOAK_BUILT_IN_ROLES = Set.of("offline_access", "uma_authorization");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The demo logins of the realm files and directory this launcher ships. */
    static List<DemoUser> ofThisStack() {
        return from(RealmImport.realmsOnClasspath(), LdapServer.entries());
    }

    static List<DemoUser> from(List<String> realmFiles, String directory) {
        List<JsonNode> realms = realmFiles.stream().map(DemoUser::parse).toList();
        JsonNode tenants = realms.stream().filter(realm -> realm.path("organizations").size() > 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("no realm file has organizations (tenants)"));
        List<DemoUser> users = new ArrayList<>();
        tenants.path("users").forEach(user -> users.add(local(tenants, user)));
        if (users.isEmpty()) {
            throw new IllegalStateException("the realm file has no demo users");
        }
        users.addAll(directoryUsers(tenants, directory));
        realms.stream().filter(realm -> realm != tenants)
                .forEach(idp -> idp.path("users").forEach(user -> users.add(brokered(tenants, idp, user))));
        return users;
    }

    private static DemoUser local(JsonNode realm, JsonNode user) {
        String username = user.path("username").asText();
        Set<String> roles = new TreeSet<>();
        user.path("realmRoles").forEach(role -> expand(realm, role.asText(), roles));
        return new DemoUser(username, password(user), organizationOf(realm, username), visible(roles), "local");
    }

    /** A company IdP's user: signs in with the e-mail, lands in the organization of its domain, roles by the broker's mappers. */
    private static DemoUser brokered(JsonNode tenants, JsonNode idp, JsonNode user) {
        String email = user.path("email").asText();
        Set<String> roles = defaultRoles(tenants);
        Set<String> groups = new TreeSet<>();
        user.path("groups").forEach(group -> groups.add(group.asText().substring(group.asText().lastIndexOf('/') + 1)));
        for (JsonNode mapper : tenants.path("identityProviderMappers")) {
            if (groups.contains(mapper.path("config").path("claim.value").asText())) {
                roles.add(mapper.path("config").path("role").asText());
            }
        }
        return new DemoUser(email, password(user), organizationByDomain(tenants, email), visible(roles), idp.path("displayName").asText(idp.path("realm").asText()));
    }

    /** The directory's people: member of a gatehouse organization by username, roles by the groups the role mapper reads. */
    private static List<DemoUser> directoryUsers(JsonNode tenants, String ldif) {
        List<Entry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(new BufferedReader(new StringReader(ldif)))) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                entries.add(entry);
            }
        } catch (IOException | LDIFException e) {
            throw new IllegalStateException("the demo directory's LDIF is not valid: " + e.getMessage(), e);
        }
        List<DemoUser> users = new ArrayList<>();
        for (Entry person : entries) {
            if (!person.hasObjectClass("inetOrgPerson")) {
                continue;
            }
            Set<String> roles = defaultRoles(tenants);
            entries.stream().filter(group -> group.hasObjectClass("groupOfNames") && group.hasAttributeValue("member", person.getDN()))
                    .forEach(group -> roles.add(group.getAttributeValue("cn")));
            String username = person.getAttributeValue("uid");
            users.add(new DemoUser(username, person.getAttributeValue("userPassword"), organizationOf(tenants, username), visible(roles), "LDAP directory"));
        }
        return users;
    }

    private static JsonNode parse(String realmJson) {
        try {
            return JSON.readTree(realmJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("a realm file is not valid JSON", e);
        }
    }

    private static String password(JsonNode user) {
        return user.path("credentials").path(0).path("value").asText();
    }

    private static Set<String> defaultRoles(JsonNode realm) {
        Set<String> roles = new TreeSet<>();
        expand(realm, realm.path("defaultRole").path("name").asText(), roles);
        return roles;
    }

    private static List<String> visible(Set<String> roles) {
        roles.removeIf(role -> role.startsWith("default-roles-") || KEYCLOAK_BUILT_IN_ROLES.contains(role));
        return List.copyOf(roles);
    }

    /** A role and, for a composite such as the realm's default role, the realm roles it contains. */
    private static void expand(JsonNode realm, String role, Set<String> into) {
        if (!into.add(role)) {
            return;
        }
        for (JsonNode defined : realm.path("roles").path("realm")) {
            if (role.equals(defined.path("name").asText())) {
                defined.path("composites").path("realm").forEach(inner -> expand(realm, inner.asText(), into));
            }
        }
    }

    private static String organizationOf(JsonNode realm, String username) {
        for (JsonNode organization : realm.path("organizations")) {
            for (JsonNode member : organization.path("members")) {
                if (username.equals(member.path("username").asText())) {
                    return organization.path("alias").asText();
                }
            }
        }
        return null;
    }

    private static String organizationByDomain(JsonNode realm, String email) {
        String domain = email.substring(email.indexOf('@') + 1);
        for (JsonNode organization : realm.path("organizations")) {
            for (JsonNode owned : organization.path("domains")) {
                if (domain.equals(owned.path("name").asText())) {
                    return organization.path("alias").asText();
                }
            }
        }
        return null;
    }
}
