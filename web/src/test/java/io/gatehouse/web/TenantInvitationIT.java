package io.gatehouse.web;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.KeycloakServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant self-service end to end: a tenant admin invites someone from the page, Keycloak mails the invitation through
 * the stack's mail server, the invitee reads it over IMAP, follows its link in Chromium, registers on Keycloak's page
 * and lands in the app, in the tenant that invited them.
 */
@WithStack({Component.WEB, Component.LIBERTY, Component.KEYCLOAK})
class TenantInvitationIT {
    private final List<String> registered = new ArrayList<>();
    private Stack stack;
    private DemoRealm demo;
    private OpenBrowsers browsers;

    @BeforeEach
    void connect(Stack stack) {
        this.stack = stack;
        this.demo = new DemoRealm(stack);
        this.browsers = new OpenBrowsers(stack);
    }

    @AfterEach
    void cleanUp() {
        browsers.close();
        for (String username : registered) {
            demo.realm().users().searchByUsername(username, true).forEach(user -> demo.realm().users().get(user.getId()).remove());
        }
        demo.close();
    }

    private GatehousePage page() {
        return browsers.page();
    }

    @Test
    void anInviteeReadsTheMailRegistersAndLandsInTheTenantThatInvitedThem() throws Exception {
        String username = "newcomer-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@acme.test";
        registered.add(username);
        GatehousePage admin = page().open().signIn("adam", DemoRealm.PASSWORDS.get("adam"));
        admin.openAdmin();
        assertThat(admin.memberEmails()).contains("alice@acme.test").doesNotContain(email);

        assertThat(admin.invite(email)).contains("Invitation sent to " + email);
        assertThat(admin.invitationEmails()).as("listed until accepted").contains(email);

        String link = new Mailbox(stack, email).awaitLink("Invitation", Duration.ofSeconds(30));
        assertThat(link).as("a registration link of the app's realm").startsWith(stack.server(KeycloakServer.class).settings().url() + "/realms/gatehouse/");
        GatehousePage invitee = page().register(link, username, "New", "Comer", "Newcomer-Gatehouse-1");

        assertThat(invitee.text("user-tenant")).isEqualTo("acme");
        assertThat(invitee.text("user-name")).contains("New");
        assertThat(invitee.visible("nav-admin")).as("a new member is no admin").isFalse();
        UserRepresentation user = demo.realm().users().searchByUsername(username, true).get(0);
        assertThat(user.getEmail()).isEqualTo(email);
        admin.click("nav-records");
        admin.openAdmin();
        assertThat(admin.memberEmails()).contains(email);
    }

    @Test
    void thePageSaysWhyAnInvitationIsRefused() {
        GatehousePage admin = page().open().signIn("adam", DemoRealm.PASSWORDS.get("adam"));
        admin.openAdmin();

        assertThat(admin.invite("alice@acme.test")).contains("already a member");
        assertThat(admin.invite("someone@globex.test")).contains("not a domain of organization acme");
    }
}
