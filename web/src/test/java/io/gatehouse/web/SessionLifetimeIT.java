package io.gatehouse.web;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.web.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token lifetimes as users meet them, with the web client's access tokens cut to {@value #LIFESPAN_SECONDS} s for
 * the test (the page refreshes when fewer than 30 s are left), so that minutes of use fit into seconds.
 */
@WithStack({Component.WEB, Component.LIBERTY, Component.KEYCLOAK})
class SessionLifetimeIT {
    private static final int LIFESPAN_SECONDS = 40;
    private static final String LIFESPAN = "access.token.lifespan";
    private Stack stack;
    private DemoRealm demo;
    private Browser browser;
    private String before;

    @BeforeEach
    void shortTokens(Stack stack) {
        this.stack = stack;
        this.demo = new DemoRealm(stack);
        before = setLifespan(Integer.toString(LIFESPAN_SECONDS));
        browser = Browser.laptop();
    }

    @AfterEach
    void restore() {
        browser.close();
        setLifespan(before);
        demo.close();
    }

    /** Sets the web client's access-token lifespan (none: the realm's), returning the one it had. */
    private String setLifespan(String seconds) {
        ClientResource client = webClient();
        ClientRepresentation representation = client.toRepresentation();
        Map<String, String> attributes = new HashMap<>(representation.getAttributes());
        String previous = seconds == null ? attributes.remove(LIFESPAN) : attributes.put(LIFESPAN, seconds);
        representation.setAttributes(attributes);
        client.update(representation);
        return previous;
    }

    private ClientResource webClient() {
        String id = demo.realm().clients().findByClientId(StackConfig.WEB_CLIENT).get(0).getId();
        return demo.realm().clients().get(id);
    }

    @Test
    void theAccessTokenIsRenewedSilentlyWhileTheSessionLasts() throws InterruptedException {
        GatehousePage page = new GatehousePage(browser, stack.server(WebServer.class).settings().url()).open().signIn("alice", DemoRealm.PASSWORDS.get("alice"));

        Thread.sleep((LIFESPAN_SECONDS + 5) * 1000L); // the token the page signed in with has expired
        String title = "After the first token " + UUID.randomUUID();
        page.createRecord(title, "", "");

        assertThat(page.onKeycloak()).isFalse();
        assertThat(page.recordTitles()).contains(title);
    }

    @Test
    void anEndedSessionSendsTheUserToSignInAgainAndKeepsWhatTheyTyped() throws InterruptedException {
        String title = "Typed before the session ended " + UUID.randomUUID();
        GatehousePage page = aliceTypesAndHerSessionEnds(title, "two paragraphs\n\nof careful text", "kept");
        page.signIn("alice", DemoRealm.PASSWORDS.get("alice"));

        assertThat(page.awaitEditorError()).contains("sign in again");
        assertThat(page.editorValue("editor-title")).isEqualTo(title);
        assertThat(page.editorValue("editor-body")).isEqualTo("two paragraphs\n\nof careful text");
        assertThat(page.editorValue("editor-tags")).isEqualTo("kept");
        page.click("editor-save");
        page.awaitDialogClosed("editor");
        assertThat(page.recordTitles()).contains(title);
        assertThat(page.webStorage()).as("the draft is gone once restored").doesNotContain(title);
    }

    /** Back-channel logout: the API refuses the ended session's still-valid token at once, and the page says why. */
    @Test
    void aSessionEndedInKeycloakIsRefusedBeforeItsTokenExpiresAndThePageSaysWhy() {
        GatehousePage page = new GatehousePage(browser, stack.server(WebServer.class).settings().url()).open().signIn("alice", DemoRealm.PASSWORDS.get("alice"));
        demo.endSessions("alice");

        page.submitFilter("anything");
        page.awaitLoginPage();
        page.signIn("alice", DemoRealm.PASSWORDS.get("alice"));

        assertThat(page.awaitNotice("You were signed out")).contains("ended in Keycloak");
    }

    @Test
    void whatOneUserTypedIsNeverShownToWhoeverSignsInNextOnTheSameTab() throws InterruptedException {
        String title = "Alice's unsaved words " + UUID.randomUUID();
        GatehousePage page = aliceTypesAndHerSessionEnds(title, "private", "");
        page.signIn("bob", DemoRealm.PASSWORDS.get("bob")).awaitList();

        assertThat(page.script("return document.getElementById('editor').open")).as("the editor stays closed for bob").isEqualTo(false);
        assertThat(page.webStorage()).as("alice's draft is dropped, not kept for later").doesNotContain(title);
        assertThat(page.recordTitles()).doesNotContain(title);
    }

    /**
     * Alice signs in, types a new record, and Keycloak ends her session; saving sends the page to the login page,
     * where it is returned.
     */
    private GatehousePage aliceTypesAndHerSessionEnds(String title, String body, String tags) throws InterruptedException {
        GatehousePage page = new GatehousePage(browser, stack.server(WebServer.class).settings().url()).open().signIn("alice", DemoRealm.PASSWORDS.get("alice"));
        page.click("new-record");
        page.fillEditor(title, body, tags);
        demo.endSessions("alice");
        Thread.sleep((LIFESPAN_SECONDS - 30 + 3) * 1000L); // now the page must renew the token before calling the API
        page.click("editor-save");
        return page.awaitLoginPage();
    }
}
