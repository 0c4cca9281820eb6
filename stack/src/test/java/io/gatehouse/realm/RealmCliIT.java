package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Ports;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.ldap.LdapServer;
import io.gatehouse.stack.ldap.LdapSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.MemberRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against a real Keycloak (the stack's, which imported the built-in realm at start). */
@WithStack(Component.KEYCLOAK)
class RealmCliIT {
    private Stack stack;
    private StackConfig config;
    private CliRuns runs;

    @BeforeEach
    void connect(Stack stack) {
        this.stack = stack;
        this.config = stack.config();
        this.runs = new CliRuns(stack);
    }

    /** A fresh copy of the test realm, applied (the apply must succeed), for a test to change by hand. */
    private Path appliedCopy(Path dir) throws IOException {
        Path file = TestRealm.copy(dir);
        CliRuns.Run apply = runs.cli("apply", file);
        assertThat(apply.exit()).as(apply.err()).isZero();
        return file;
    }

    private Keycloak admin() {
        return TestRealm.admin(stack);
    }

    @Test
    void createsAMissingRealmThenASecondApplyChangesNothing(@TempDir Path dir) throws Exception {
        Path file = TestRealm.copy(dir);
        String realm = TestRealm.name(file);

        CliRuns.Run first = runs.cli("apply", file);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("realm " + realm + ": create");

        CliRuns.Run second = runs.cli("apply", file);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).as("a second apply").isEqualTo(realm + ": no changes: Keycloak already matched the file" + System.lineSeparator());
        assertThat(runs.cli("plan", file).out()).contains("no changes");

        // The applied realm works: alice signs in through the web client (code + PKCE) and gets the tenant and roles.
        JsonNode claims = TestRealm.signIn(stack, realm, "alice", "Alice-Gatehouse-1");
        assertThat(claims.path("organization").get(0).asText()).isEqualTo("acme");
        assertThat(claims.path("groups").toString()).contains("\"user\"");
        assertThat(claims.path("aud").asText()).isEqualTo(StackConfig.API_AUDIENCE);
    }

    @Test
    void planReportsExactlyAManualChangeAndApplyTakesItBack(@TempDir Path dir) throws Exception {
        Path file = appliedCopy(dir);
        String realm = TestRealm.name(file);
        try (Keycloak keycloak = admin()) {
            RealmRepresentation settings = keycloak.realm(realm).toRepresentation();
            settings.setAccessTokenLifespan(3600);
            keycloak.realm(realm).update(settings);
            ClientRepresentation web = keycloak.realm(realm).clients().findByClientId(StackConfig.WEB_CLIENT).get(0);
            web.setDirectAccessGrantsEnabled(true);
            keycloak.realm(realm).clients().get(web.getId()).update(web);
            String email = keycloak.realm(realm).clientScopes().findAll().stream()
                    .filter(scope -> scope.getName().equals("email")).findFirst().orElseThrow().getId();
            keycloak.realm(realm).clients().get(web.getId()).removeDefaultClientScope(email);
            RoleRepresentation user = keycloak.realm(realm).roles().get("user").toRepresentation();
            user.setDescription("changed by hand");
            keycloak.realm(realm).roles().get("user").update(user);
        }

        CliRuns.Run plan = runs.cli("plan", file);
        assertThat(plan.out()).contains("realm " + realm + ": update", "accessTokenLifespan: 3600 -> 300",
                "client gatehouse-web: update", "directAccessGrantsEnabled: true -> false", "defaultClientScopes:",
                "role user: update", "description: \"changed by hand\" -> ", realm + ": 3 changes to change");
        try (Keycloak keycloak = admin()) {
            assertThat(keycloak.realm(realm).toRepresentation().getAccessTokenLifespan()).as("plan changes nothing").isEqualTo(3600);
        }

        assertThat(runs.cli("apply", file).out()).contains(realm + ": 3 changes changed");
        assertThat(runs.cli("plan", file).out()).contains("no changes");
        try (Keycloak keycloak = admin()) {
            assertThat(keycloak.realm(realm).toRepresentation().getAccessTokenLifespan()).isEqualTo(300);
            ClientRepresentation web = keycloak.realm(realm).clients().findByClientId(StackConfig.WEB_CLIENT).get(0);
            assertThat(web.isDirectAccessGrantsEnabled()).isFalse();
            assertThat(web.getDefaultClientScopes()).contains("email");
            assertThat(keycloak.realm(realm).roles().get("user").toRepresentation().getDescription()).startsWith("Works with");
        }
    }

    @Test
    void tenantAdminGroupsDeletedByHandAreMadeAgainWithTheirAdmins(@TempDir Path dir) throws Exception {
        Path file = appliedCopy(dir);
        String realm = TestRealm.name(file);
        try (Keycloak keycloak = admin()) {
            keycloak.realm(realm).groups().group(keycloak.realm(realm).getGroupByPath("/tenants/acme").getId()).remove();
        }
        assertThat(TestRealm.signIn(stack, realm, "adam", "Adam-Gatehouse-1").path("tenant_groups").isEmpty()).isTrue();

        CliRuns.Run plan = runs.cli("plan", file);
        assertThat(plan.out()).contains("group /tenants/acme: create", "group /tenants/acme/admin: create",
                "user adam: update", "groups: join [/tenants/acme/admin]", "user dora: update");
        assertThat(plan.out().indexOf("group /tenants/acme: create")).as("a parent before its sub-group")
                .isLessThan(plan.out().indexOf("group /tenants/acme/admin: create"));
        CliRuns.Run apply = runs.cli("apply", file);
        assertThat(apply.out()).as("the tenant self-service permission follows the new group")
                .contains("admin permission tenant self-service: admin groups: update", realm + ": 5 changes changed");
        assertThat(runs.cli("plan", file).out()).contains("no changes");
        assertThat(TestRealm.signIn(stack, realm, "adam", "Adam-Gatehouse-1").path("tenant_groups").toString())
                .isEqualTo("[\"/tenants/acme/admin\"]");
    }

    @Test
    void planReportsManualChangesToTheEnterpriseSsoSettingsAndApplyTakesThemBack(@TempDir Path dir) throws Exception {
        Path file = appliedCopy(dir);
        String realm = TestRealm.name(file);
        try (Keycloak keycloak = admin()) {
            RealmResource resource = keycloak.realm(realm);
            ComponentRepresentation ldap = ldap(resource);
            ldap.getConfig().putSingle("connectionTimeout", "60000");
            resource.components().component(ldap.getId()).update(ldap);
            ComponentRepresentation admins = resource.components().query(ldap.getId(), LDAP_MAPPER, "tenant admins").get(0);
            admins.getConfig().putSingle("groups.dn", "ou=groups,dc=globex,dc=test");
            resource.components().component(admins.getId()).update(admins);
            IdentityProviderResource initech = resource.identityProviders().get("initech-sso");
            IdentityProviderMapperRepresentation companyAdmins = initech.getMappers().stream()
                    .filter(mapper -> mapper.getName().equals("company admins are tenant admins")).findFirst().orElseThrow();
            companyAdmins.getConfig().put("claims", "[{\"key\":\"groups\",\"value\":\"everyone\"}]");
            initech.update(companyAdmins.getId(), companyAdmins);
        }

        CliRuns.Run plan = runs.cli("plan", file);
        assertThat(plan.out()).contains("component globex-ldap: update", "config.connectionTimeout: [\"60000\"] -> [\"5000\"]",
                "component globex-ldap / tenant admins: update", "config.groups.dn:",
                "identity provider initech-sso: update", "mappers[company admins are tenant admins].config.claims:",
                realm + ": 3 changes to change").doesNotContain(LdapSettings.of(config).bindPassword()).doesNotContain(KeycloakSettings.of(config).realmPlaceholders().get("GATEHOUSE_BROKER_CLIENT_SECRET"));

        assertThat(runs.cli("apply", file).out()).contains(realm + ": 3 changes changed");
        assertThat(runs.cli("plan", file).out()).contains("no changes");
        try (Keycloak keycloak = admin()) {
            assertThat(ldap(keycloak.realm(realm)).getConfig().getFirst("connectionTimeout")).isEqualTo("5000");
            assertThat(ldap(keycloak.realm(realm)).getConfig().getFirst("bindCredential")).as("still masked, still set").isEqualTo("**********");
        }
        JsonNode gus = TestRealm.signIn(stack, realm, "gus", "Gus-Gatehouse-1");
        assertThat(gus.path("tenant_groups").toString()).as("the group mapper works again").isEqualTo("[\"/tenants/globex/admin\"]");
    }

    @Test
    void recreatesADeletedFederationAndIdentityProviderWithTheirMembersAndLinks(@TempDir Path dir) throws Exception {
        Path file = appliedCopy(dir);
        String realm = TestRealm.name(file);
        try (Keycloak keycloak = admin()) {
            RealmResource resource = keycloak.realm(realm);
            // Deleting the federation also deletes the users it imported, and so their organization memberships.
            resource.components().removeComponent(ldap(resource).getId());
            resource.identityProviders().get("initech-sso").remove();
        }

        CliRuns.Run plan = runs.cli("plan", file);
        assertThat(plan.out()).contains("component globex-ldap: create", "mapper tenant admins",
                "identity provider initech-sso: create", "mapper company admins are tenant admins",
                "organization initech: update", "identity providers: add [initech-sso]");

        CliRuns.Run apply = runs.cli("apply", file);
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("organization globex: update", "members: add [grace, gus]");
        assertThat(runs.cli("plan", file).out()).contains("no changes");
        JsonNode grace = TestRealm.signIn(stack, realm, "grace", "Grace-Gatehouse-1");
        assertThat(grace.path("organization").get(0).asText()).isEqualTo("globex");
        try (Keycloak keycloak = admin()) {
            assertThat(keycloak.realm(realm).identityProviders().get("initech-sso").getMappers()).extracting(IdentityProviderMapperRepresentation::getName)
                    .containsExactlyInAnyOrder("username is the e-mail", "company admins are tenant admins");
            assertThat(keycloak.realm(realm).organizations().getAll().stream().filter(o -> o.getAlias().equals("initech")).findFirst().orElseThrow().getId())
                    .satisfies(id -> assertThat(keycloak.realm(realm).organizations().get(id).identityProviders().getIdentityProviders())
                            .extracting(IdentityProviderRepresentation::getAlias).containsExactly("initech-sso"));
        }
    }

    private static final String LDAP_MAPPER = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";

    private static ComponentRepresentation ldap(RealmResource realm) {
        return realm.components().query(null, "org.keycloak.storage.UserStorageProvider", "globex-ldap").get(0);
    }

    /** The CLI with --fully-manage (an option of the command itself, so it comes before plan or apply). */
    private CliRuns.Run fullyManaging(String types, String command, Path file) {
        List<String> args = new ArrayList<>(List.of("--fully-manage", types, "--file", file.toString()));
        args.addAll(runs.placeholders());
        return runs.cli(Map.of("KEYCLOAK_ADMIN_PASSWORD", KeycloakSettings.of(config).adminPassword()), args, command, "--url", stack.server(KeycloakServer.class).settings().url());
    }

    @Test
    void deletesWhatTheFileDoesNotNameOnlyForFullyManagedTypesAndNeverKeycloaksOwn(@TempDir Path dir) throws Exception {
        Path file = appliedCopy(dir);
        String realm = TestRealm.name(file);
        try (Keycloak keycloak = admin()) {
            ClientRepresentation stray = new ClientRepresentation();
            stray.setClientId("stray-client");
            keycloak.realm(realm).clients().create(stray).close();
            RoleRepresentation role = new RoleRepresentation();
            role.setName("stray-role");
            keycloak.realm(realm).roles().create(role);
        }
        assertThat(runs.cli("plan", file).out()).as("left alone by default").contains("no changes");

        CliRuns.Run plan = fullyManaging("clients", "plan", file);
        assertThat(plan.out()).contains("client stray-client: delete", realm + ": 1 change to change")
                .doesNotContain("stray-role").doesNotContain("client account").doesNotContain("client admin-permissions");

        CliRuns.Run apply = fullyManaging("clients,roles", "apply", file);
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("client stray-client: delete", "role stray-role: delete", realm + ": 2 changes changed");
        try (Keycloak keycloak = admin()) {
            assertThat(keycloak.realm(realm).clients().findByClientId("stray-client")).isEmpty();
            assertThat(keycloak.realm(realm).clients().findByClientId("account")).hasSize(1);
            assertThat(keycloak.realm(realm).roles().list().stream().map(RoleRepresentation::getName))
                    .doesNotContain("stray-role").contains("offline_access", "default-roles-" + realm, "user");
        }
        assertThat(fullyManaging("clients,roles,organizations", "plan", file).out()).contains("no changes");

        CliRuns.Run unknown = fullyManaging("users", "plan", file);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("gatehouse-realm: --fully-manage takes clients, organizations, roles, not 'users'");
    }

    @Test
    void theRealmTheStackImportedMatchesTheBuiltInFileWithTheDemoOverlay() {
        Map<String, String> environment = new HashMap<>(KeycloakSettings.of(config).realmPlaceholders());
        environment.put("KEYCLOAK_ADMIN_PASSWORD", KeycloakSettings.of(config).adminPassword());
        CliRuns.Run plan = runs.cli(environment, "--demo", "plan", "--url", stack.server(KeycloakServer.class).settings().url());
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).isEqualTo("gatehouse: no changes: Keycloak matches the file" + System.lineSeparator());
    }

    @Test
    void refusesToApplyUserPasswordsToAKeycloakElsewhereUnlessTold() {
        Map<String, String> environment = new HashMap<>(KeycloakSettings.of(config).realmPlaceholders());
        environment.put("KEYCLOAK_ADMIN_PASSWORD", "x");
        String elsewhere = "http://keycloak.gatehouse.invalid:8080";

        CliRuns.Run demo = runs.cli(environment, "--demo", "apply", "--url", elsewhere);
        assertThat(demo.exit()).isEqualTo(1);
        assertThat(demo.err().strip()).isEqualTo("gatehouse-realm: gatehouse: the file holds user passwords and " + elsewhere
                + " is not on this machine; a demo file has no place there (pass --allow-credentials if this is meant)");

        CliRuns.Run production = runs.cli(environment, "plan", "--url", elsewhere);
        assertThat(production.err()).as("the production file holds no passwords, so it gets as far as connecting")
                .contains("keycloak.gatehouse.invalid").doesNotContain("user passwords");
        CliRuns.Run allowed = runs.cli(environment, "--demo", "--allow-credentials", "plan", "--url", elsewhere);
        assertThat(allowed.err()).doesNotContain("user passwords");
    }

    @Test
    void theDemoIdentityProviderRealmMatchesItsFileEvenWithOrganizationsFullyManaged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("initech-idp-realm.json");
        try (var in = RealmCliIT.class.getResourceAsStream("/realm/initech-idp-realm.json")) {
            Files.write(file, in.readAllBytes());
        }
        CliRuns.Run plan = fullyManaging("clients,roles,organizations", "plan", file);
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).as("a realm without organizations").isEqualTo("initech-idp: no changes: Keycloak matches the file" + System.lineSeparator());

        try (Keycloak keycloak = admin()) {
            RealmResource idp = keycloak.realm("initech-idp");
            String ian = idp.users().searchByUsername("ian", true).get(0).getId();
            idp.users().get(ian).leaveGroup(idp.getGroupByPath("/gatehouse-admins").getId());
        }
        assertThat(fullyManaging("clients,roles,organizations", "plan", file).out()).contains("user ian: update", "groups: join [/gatehouse-admins]");
        assertThat(fullyManaging("clients,roles,organizations", "apply", file).out()).contains("initech-idp: 1 change changed");
        try (Keycloak keycloak = admin()) {
            RealmResource idp = keycloak.realm("initech-idp");
            assertThat(idp.users().get(idp.users().searchByUsername("ian", true).get(0).getId()).groups())
                    .extracting(GroupRepresentation::getPath).containsExactly("/gatehouse-admins");
        }
    }

    @Test
    void exportsARunningRealmToAFile(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("export.json");
        CliRuns.Run export = runs.cli(Map.of("KEYCLOAK_ADMIN_PASSWORD", KeycloakSettings.of(config).adminPassword()),
                "export", "--url", stack.server(KeycloakServer.class).settings().url(), "--realm", "gatehouse", "--output", output.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        JsonNode exported = RealmFile.JSON.readTree(output.toFile());
        assertThat(exported.path("realm").asText()).isEqualTo("gatehouse");
        assertThat(exported.path("clients").findValuesAsText("clientId")).contains(StackConfig.WEB_CLIENT, StackConfig.API_AUDIENCE);
    }

    /**
     * Day two's bug: a directory entry made again under a new entryUUID leaves Keycloak a stale member, and Keycloak's
     * member listing then fails as a whole (400 "Cannot parse the JSON"). The sync asks about each member instead: the
     * plan names the member to add back, the apply adds it, and the listing works again.
     */
    @Test
    void aDirectoryUserWhoseEntryWasMadeAgainIsAddedBackWithoutBreakingThePlan(@TempDir Path dir) throws Exception {
        String uid = "stale-" + UUID.randomUUID().toString().substring(0, 6);
        Entry person = new Entry("uid=" + uid + ",ou=people," + LdapServer.BASE_DN, new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", uid), new Attribute("cn", "Stale Globex"), new Attribute("sn", "Globex"),
                new Attribute("mail", uid + "@globex.test"), new Attribute("userPassword", "Stale-Gatehouse-1"));
        Path file = TestRealm.copy(dir);
        TestRealm.edit(file, realm -> ((ArrayNode) TestRealm.organization(realm, "globex").path("members")).addObject().put("username", uid));
        String realm = TestRealm.name(file);
        try (LDAPConnection directory = directory()) {
            directory.add(person);
            assertThat(runs.cli("apply", file).exit()).isZero();
            directory.delete(person.getDN());
            directory.add(person);
            try (Keycloak keycloak = admin()) {
                // As after a restart: Keycloak's cache would otherwise keep serving the user it checked on the first apply.
                keycloak.realm(realm).clearUserCache();
            }

            CliRuns.Run plan = runs.cli("plan", file);
            assertThat(plan.exit()).as(plan.err()).isZero();
            assertThat(plan.out()).contains("organization globex: update", "members: add [" + uid + "]");
            CliRuns.Run apply = runs.cli("apply", file);
            assertThat(apply.exit()).as(apply.err()).isZero();
            assertThat(runs.cli("plan", file).out()).contains("no changes");
            try (Keycloak keycloak = admin()) {
                RealmResource resource = keycloak.realm(realm);
                String globex = resource.organizations().getAll().stream().filter(o -> o.getAlias().equals("globex")).findFirst().orElseThrow().getId();
                assertThat(resource.organizations().get(globex).members().getAll()).extracting(MemberRepresentation::getUsername).contains(uid, "grace", "gus");
            }
        } finally {
            try (LDAPConnection directory = directory()) {
                directory.delete(person.getDN());
            }
        }
    }

    @Test
    void aCallKeycloakRefusesIsOneLineNamingTheRealmTheResourceAndTheAnswer(@TempDir Path dir) throws Exception {
        Path file = TestRealm.copy(dir);
        assertThat(runs.cli("apply", file).exit()).isZero();
        // A second organization claiming acme's domain: Keycloak refuses to create it.
        TestRealm.edit(file, realm -> {
            ObjectNode acmeTwo = ((ArrayNode) realm.path("organizations")).insertObject(0).put("name", "Acme Two").put("alias", "acme-two").put("enabled", true);
            acmeTwo.putArray("domains").addObject().put("name", "acme.test").put("verified", true);
        });

        CliRuns.Run apply = runs.cli("apply", file);

        assertThat(apply.exit()).isEqualTo(1);
        assertThat(apply.err().strip()).doesNotContain("\n").doesNotContain("Exception")
                .matches("gatehouse-realm: realm " + TestRealm.name(file) + ": create organization acme-two: Keycloak answered HTTP 4\\d\\d .*acme\\.test.*");
    }

    private LDAPConnection directory() throws LDAPException {
        URI ldap = URI.create(stack.server(LdapServer.class).settings().url());
        return new LDAPConnection(ldap.getHost(), ldap.getPort(), LdapServer.BIND_DN, LdapSettings.of(config).bindPassword());
    }

    @Test
    void aWrongPasswordIsOneLineAndExit1(@TempDir Path dir) throws Exception {
        CliRuns.Run run = runs.cli(Map.of("KEYCLOAK_ADMIN_PASSWORD", "not-the-password"), runs.placeholders(), "plan", "--url", stack.server(KeycloakServer.class).settings().url());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("gatehouse-realm: Keycloak refused the sign-in").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void anUnreachableKeycloakIsOneLineAndExit1() {
        CliRuns.Run run = runs.cli(Map.of("KEYCLOAK_ADMIN_PASSWORD", "x"), runs.placeholders(), "plan", "--url", "http://127.0.0.1:" + Ports.free());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("gatehouse-realm: cannot reach Keycloak").doesNotContain("\n");
    }

    @Test
    void aMissingSecretIsOneLineNamingIt() {
        CliRuns.Run run = runs.cli(Map.of("KEYCLOAK_ADMIN_PASSWORD", KeycloakSettings.of(config).adminPassword()), "--var", "GATEHOUSE_WEB_URL=x", "plan", "--url", stack.server(KeycloakServer.class).settings().url());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).contains("${GATEHOUSE_SERVICE_CLIENT_SECRET} has no value").doesNotContain("\n");
    }

    @Test
    void aBadFileChangesNothing(@TempDir Path dir) throws Exception {
        Path file = TestRealm.copy(dir);
        Files.writeString(file, Files.readString(file).replace("\"accessTokenLifespan\"", "\"accessTokenLifespam\""));
        CliRuns.Run run = runs.cli("apply", file);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip()).contains("unknown field \"accessTokenLifespam\"").doesNotContain("\n");
        try (Keycloak keycloak = admin()) {
            String realm = TestRealm.name(file);
            assertThat(keycloak.realms().findAll().stream().map(RealmRepresentation::getRealm)).doesNotContain(realm);
        }
    }
}
