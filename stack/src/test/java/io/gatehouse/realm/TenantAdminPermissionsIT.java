package io.gatehouse.realm;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.keycloak.NewMembers;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.MemberRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tenant self-service account (client {@code gatehouse-tenant-admin}) holds fine-grained admin permissions only:
 * what the API needs to manage an organization's members and its admin group, and nothing else of the realm.
 */
@WithStack(Component.KEYCLOAK)
class TenantAdminPermissionsIT {

    private static Keycloak serviceAccount(Stack stack, String realm) {
        KeycloakSettings keycloak = stack.server(KeycloakServer.class).settings();
        return AdminSignIn.asClient(keycloak.url(), realm, "gatehouse-tenant-admin", keycloak.tenantAdminClientSecret());
    }

    private static GroupRepresentation group(String name) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName(name);
        return group;
    }

    private static String userId(RealmResource realm, String username) {
        return realm.users().searchByUsername(username, true).get(0).getId();
    }

    @Test
    void managesMembersAndTheTenantsAdminGroupsOnly(Stack stack, @TempDir Path dir) throws Exception {
        String name = TestRealm.applied(stack, dir);
        try (Keycloak admin = TestRealm.admin(stack); Keycloak service = serviceAccount(stack, name)) {
            RealmResource asAdmin = admin.realm(name);
            RealmResource asService = service.realm(name);
            String acme = NewMembers.organizationId(asAdmin, "acme");
            String alice = userId(asAdmin, "alice");

            List<MemberRepresentation> members = asService.organizations().get(acme).members().getAll();
            assertThat(members).extracting(MemberRepresentation::getUsername).contains("alice", "adam", "dora");
            String acmeAdmins = asAdmin.getGroupByPath("/tenants/acme/admin").getId();
            asService.users().get(alice).joinGroup(acmeAdmins);
            assertThat(asAdmin.users().get(alice).groups()).extracting(GroupRepresentation::getPath).contains("/tenants/acme/admin");
            asService.users().get(alice).leaveGroup(acmeAdmins);
            assertThat(asAdmin.users().get(alice).groups()).isEmpty();
            try (Response removed = asService.organizations().get(acme).members().member(alice).delete()) {
                assertThat(removed.getStatus()).isEqualTo(204);
            }
            assertThat(asAdmin.organizations().get(acme).members().getAll()).extracting(MemberRepresentation::getUsername).doesNotContain("alice");

            String tenants = asAdmin.getGroupByPath("/tenants").getId();
            String acmeGroup = asAdmin.getGroupByPath("/tenants/acme").getId();
            for (String group : List.of(tenants, acmeGroup)) {
                assertThatThrownBy(() -> asService.users().get(alice).joinGroup(group)).as("a group other than an admin group")
                        .isInstanceOf(ForbiddenException.class);
            }
            assertThatThrownBy(() -> asService.users().get(alice).impersonate()).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> asService.users().get(alice).roles().realmLevel().add(List.of(asAdmin.roles().get("user").toRepresentation())))
                    .as("no role mappings").isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> asService.clients().findAll()).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> asService.identityProviders().findAll()).isInstanceOf(ForbiddenException.class);
            assertThatThrownBy(() -> asService.components().query()).as("no LDAP settings").isInstanceOf(ForbiddenException.class);
            OrganizationRepresentation rogue = new OrganizationRepresentation();
            rogue.setName("rogue");
            rogue.setAlias("rogue");
            try (Response created = asService.organizations().create(rogue)) {
                assertThat(created.getStatus()).as("no new organizations").isEqualTo(403);
            }
            try (Response created = asService.groups().add(group("rogue"))) {
                assertThat(created.getStatus()).as("no new groups").isEqualTo(403);
            }
            assertThatThrownBy(() -> service.realm("master").users().list()).as("another realm").isInstanceOf(ForbiddenException.class);
        }
    }

    @Test
    void readsAdminEventsAndGetsThatRightBackWhenItIsTakenAwayByHand(Stack stack, @TempDir Path dir) throws Exception {
        Path copy = TestRealm.copy(dir);
        RealmFile file = RealmFile.parse(copy.toString(), Files.readString(copy), KeycloakSettings.of(stack.config()).realmPlaceholders());
        String name = file.name();
        try (Keycloak admin = TestRealm.admin(stack)) {
            new RealmSync(admin).apply(file);
        }
        try (Keycloak admin = TestRealm.admin(stack); Keycloak service = serviceAccount(stack, name)) {
            RealmResource asAdmin = admin.realm(name);
            assertThat(service.realm(name).getAdminEvents()).as("the API reads them to find disabled and deleted users").isNotNull();

            String account = asAdmin.clients().get(asAdmin.clients().findByClientId("gatehouse-tenant-admin").get(0).getId()).getServiceAccountUser().getId();
            String management = asAdmin.clients().findByClientId("realm-management").get(0).getId();
            asAdmin.users().get(account).roles().clientLevel(management).remove(List.of(asAdmin.clients().get(management).roles().get("view-events").toRepresentation()));
            assertThatThrownBy(() -> service.realm(name).getAdminEvents()).isInstanceOf(ForbiddenException.class);

            RealmSync sync = new RealmSync(admin);
            assertThat(sync.plan(file)).extracting(Change::describe).anySatisfy(change ->
                    assertThat(change).contains("gatehouse-tenant-admin").contains("view-events"));
            sync.apply(file);
            assertThat(sync.plan(file)).as("applying again changes nothing").isEmpty();
            assertThat(service.realm(name).getAdminEvents()).isNotNull();
        }
    }

    @Test
    void anOrganizationAddedLaterHasItsAdminGroupCoveredOnTheNextApply(Stack stack, @TempDir Path dir) throws Exception {
        Path copy = TestRealm.copy(dir);
        TestRealm.edit(copy, realm -> {
            var tenants = (com.fasterxml.jackson.databind.node.ArrayNode) realm.withArray("groups").get(0).withArray("subGroups");
            tenants.addObject().put("name", "hooli").withArray("subGroups").addObject().put("name", "admin");
        });
        RealmFile file = RealmFile.parse(copy.toString(), Files.readString(copy), KeycloakSettings.of(stack.config()).realmPlaceholders());
        try (Keycloak admin = TestRealm.admin(stack)) {
            RealmSync sync = new RealmSync(admin);
            sync.apply(file);
            assertThat(sync.plan(file)).as("applying again changes nothing").isEmpty();
            try (Keycloak service = serviceAccount(stack, file.name())) {
                String bob = userId(admin.realm(file.name()), "bob");
                String hooliAdmins = admin.realm(file.name()).getGroupByPath("/tenants/hooli/admin").getId();
                service.realm(file.name()).users().get(bob).joinGroup(hooliAdmins);
                assertThat(admin.realm(file.name()).users().get(bob).groups()).extracting(GroupRepresentation::getPath)
                        .contains("/tenants/hooli/admin");
            }
        }
    }
}
