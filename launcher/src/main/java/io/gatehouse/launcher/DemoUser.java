package io.gatehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import io.gatehouse.realm.ShippedRealms;
import io.gatehouse.stack.ldap.LdapServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A demo login of the local stack (local use only), read from the files that define it so the two cannot
 * disagree: the gatehouse realm's own users, the users of a company identity provider realm (they sign in with
 * their e-mail and are brokered into the organization of its domain), and the people of the LDAP directory.
 *
 * @param organizations the tenants the user belongs to
 * @param adminOf       the tenants the user administers: member of the group {@code /tenants/<alias>/admin}
 * @param source        where the password is checked: "local", or the directory or identity provider
 * @param secondFactor  whether a tenant of the user requires a second factor at every password sign-in
 *                      (its organization attribute {@value #SECOND_FACTOR} is {@code required})
 */
record DemoUser(String username, String password, List<String> organizations, List<String> adminOf, String source, boolean secondFactor) {
    static final String SECOND_FACTOR = "gatehouse.second-factor";
    private static final Pattern ADMIN_GROUP = Pattern.compile("/tenants/([^/]+)/admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The demo logins of the realm files and directory this launcher ships. */
    static List<DemoUser> ofThisStack() {
        return from(ShippedRealms.json(), LdapServer.entries());
    }

    static List<DemoUser> from(List<String> realmFiles, String directory) {
        List<JsonNode> realms = realmFiles.stream().map(DemoUser::parse).toList();
        JsonNode tenants = realms.stream().filter(realm -> realm.path("organizations").size() > 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("no realm file has organizations (tenants)"));
        List<DemoUser> users = new ArrayList<>();
        // Service accounts sign nobody in: they are the realm's own clients.
        tenants.path("users").forEach(user -> {
            if (!user.hasNonNull("serviceAccountClientId")) {
                users.add(local(tenants, user));
            }
        });
        if (users.isEmpty()) {
            throw new IllegalStateException("the realm file has no demo users");
        }
        users.addAll(directoryUsers(tenants, directory));
        realms.stream().filter(realm -> realm != tenants)
                .forEach(idp -> idp.path("users").forEach(user -> users.add(brokered(tenants, idp, user))));
        return users;
    }

    /** The tenant the user signs in to when Keycloak does not ask: their only one, or null for a member of several. */
    String tenant() {
        return organizations.size() == 1 ? organizations.get(0) : null;
    }

    private static DemoUser local(JsonNode realm, JsonNode user) {
        String username = user.path("username").asText();
        List<String> groups = new ArrayList<>();
        user.path("groups").forEach(group -> groups.add(group.asText()));
        List<String> organizations = organizationsOf(realm, username);
        return new DemoUser(username, password(user), organizations, adminOf(groups), "local", requiresSecondFactor(realm, organizations));
    }

    /**
     * A company IdP's user: signs in with the e-mail, lands in the organization of its domain, groups by the broker's
     * mappers of that IdP (an OpenID provider's groups claim, a SAML IdP's Role attribute).
     */
    private static DemoUser brokered(JsonNode tenants, JsonNode idp, JsonNode user) {
        String email = user.path("email").asText();
        Set<String> sent = new TreeSet<>();
        user.path("groups").forEach(group -> sent.add("groups=" + group.asText().substring(group.asText().lastIndexOf('/') + 1)));
        user.path("realmRoles").forEach(role -> sent.add("Role=" + role.asText()));
        String alias = brokerAlias(tenants, idp.path("realm").asText());
        List<String> groups = new ArrayList<>();
        for (JsonNode mapper : tenants.path("identityProviderMappers")) {
            if (!mapper.path("identityProviderAlias").asText().equals(alias)) {
                continue;
            }
            JsonNode config = mapper.path("config");
            for (JsonNode condition : parse(config.path("claims").asText(config.path("attributes").asText("[]")))) {
                if (sent.contains(condition.path("key").asText() + "=" + condition.path("value").asText())) {
                    groups.add(config.path("group").asText());
                }
            }
        }
        List<String> organizations = organizationByDomain(tenants, email);
        return new DemoUser(email, password(user), organizations, adminOf(groups), idp.path("displayName").asText(idp.path("realm").asText()),
                requiresSecondFactor(tenants, organizations));
    }

    /** The alias under which the tenants' realm brokers the identity provider realm {@code idpRealm}: the provider whose URLs point at it. */
    private static String brokerAlias(JsonNode tenants, String idpRealm) {
        for (JsonNode provider : tenants.path("identityProviders")) {
            if (provider.path("config").toString().contains("/realms/" + idpRealm + "/")) {
                return provider.path("alias").asText();
            }
        }
        return null;
    }

    /** The directory's people: member of a gatehouse organization by username, groups where the LDAP group mapper puts them. */
    private static List<DemoUser> directoryUsers(JsonNode tenants, String ldif) {
        List<Entry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(new BufferedReader(new StringReader(ldif)))) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                entries.add(entry);
            }
        } catch (IOException | LDIFException e) {
            throw new IllegalStateException("the demo directory's LDIF is not valid: " + e.getMessage(), e);
        }
        String groupsPath = tenants.findValues("groups.path").stream().findFirst().map(path -> path.path(0).asText()).orElse("");
        List<DemoUser> users = new ArrayList<>();
        for (Entry person : entries) {
            if (!person.hasObjectClass("inetOrgPerson")) {
                continue;
            }
            List<String> groups = entries.stream()
                    .filter(group -> group.hasObjectClass("groupOfNames") && group.hasAttributeValue("member", person.getDN()))
                    .map(group -> groupsPath + "/" + group.getAttributeValue("cn")).toList();
            String username = person.getAttributeValue("uid");
            List<String> organizations = organizationsOf(tenants, username);
            users.add(new DemoUser(username, person.getAttributeValue("userPassword"), organizations, adminOf(groups),
                    "LDAP directory", requiresSecondFactor(tenants, organizations)));
        }
        return users;
    }

    private static boolean requiresSecondFactor(JsonNode realm, List<String> organizations) {
        for (JsonNode organization : realm.path("organizations")) {
            if (organizations.contains(organization.path("alias").asText())) {
                for (JsonNode value : organization.path("attributes").path(SECOND_FACTOR)) {
                    if (value.asText().equals("required")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> adminOf(List<String> groupPaths) {
        return groupPaths.stream().map(ADMIN_GROUP::matcher).filter(Matcher::matches).map(admin -> admin.group(1)).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("a realm file is not valid JSON", e);
        }
    }

    private static String password(JsonNode user) {
        return user.path("credentials").path(0).path("value").asText();
    }

    private static List<String> organizationsOf(JsonNode realm, String username) {
        List<String> organizations = new ArrayList<>();
        for (JsonNode organization : realm.path("organizations")) {
            for (JsonNode member : organization.path("members")) {
                if (username.equals(member.path("username").asText())) {
                    organizations.add(organization.path("alias").asText());
                }
            }
        }
        return organizations;
    }

    private static List<String> organizationByDomain(JsonNode realm, String email) {
        String domain = email.substring(email.indexOf('@') + 1);
        for (JsonNode organization : realm.path("organizations")) {
            for (JsonNode owned : organization.path("domains")) {
                if (domain.equals(owned.path("name").asText())) {
                    return List.of(organization.path("alias").asText());
                }
            }
        }
        return List.of();
    }
}
