package io.gatehouse.web;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.web.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.Keys;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** End users in a real headless Chromium: Keycloak's login pages, then the page's records and admin views on the real API. */
@WithStack({Component.WEB, Component.LIBERTY, Component.KEYCLOAK})
class WebFrontEndIT {
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
    void closeBrowsers() {
        browsers.close();
        demo.close();
    }

    private GatehousePage page(Browser browser) {
        return browsers.page(browser);
    }

    private GatehousePage signedIn(String user) {
        return page(Browser.laptop()).open().signIn(user, DemoRealm.PASSWORDS.get(user));
    }

    @Test
    void aLocalUserSignsInOnKeycloaksPageAndCreatesEditsAndDeletesARecord() {
        Browser browser = Browser.laptop();
        GatehousePage page = page(browser).open().awaitLoginPage();
        browser.screenshot("01-keycloak-login");
        page.signIn("alice", DemoRealm.PASSWORDS.get("alice"));

        assertThat(page.text("user-name")).contains("Alice");
        assertThat(page.text("user-tenant")).isEqualTo("acme");
        String title = "Quarterly plan " + suffix();
        page.createRecord(title, "Ship the web front-end.\nThen the deploy.", "work plans");
        assertThat(page.recordTitles()).first().isEqualTo(title);
        assertThat(page.card(title).getText()).contains("Ship the web front-end.", "work", "plans");
        browser.screenshot("02-records");

        page.openEditor(title);
        assertThat(page.editorValue("editor-title")).isEqualTo(title);
        browser.screenshot("03-editor");
        String edited = title + " (revised)";
        page.fillEditor(edited, "Revised text", "work");
        page.click("editor-save");
        page.awaitDialogClosed("editor");
        page.awaitNotice("Saved");
        assertThat(page.recordTitles()).contains(edited).doesNotContain(title);

        page.open().awaitList();
        assertThat(page.recordTitles()).as("after a reload, read back from the API").contains(edited);
        page.deleteRecord(edited);
        assertThat(page.recordTitles()).doesNotContain(edited);
        page.open().awaitList();
        assertThat(page.recordTitles()).as("after a reload").doesNotContain(edited);
        assertThat(browser.severeConsoleMessages()).as("no script errors or CSP violations").isEmpty();
    }

    @Test
    void textFromTheApiIsShownAsTextNeverRunAsMarkup() {
        GatehousePage page = signedIn("alice");
        String title = "<img src=x onerror=\"document.title='owned'\"> " + suffix();

        page.createRecord(title, "<script>document.title='owned'</script>", "");

        assertThat(page.card(title).getText()).contains("<script>");
        assertThat(page.text("records-heading")).isEqualTo("My records");
        assertThat(page.title()).isEqualTo("Gatehouse");
    }

    @Test
    void theTagFilterAndLoadMoreShowTheRightRecords() {
        GatehousePage page = signedIn("alice");
        String tag = "t" + suffix();
        for (int i = 1; i <= 22; i++) {
            demo.callApi("alice", "POST", "/records", "{\"title\":\"paged " + tag + " " + i + "\",\"body\":\"\",\"tags\":[\"" + tag + "\"]}", Map.of());
        }

        page.open().awaitList();
        page.filterByTag(tag);

        assertThat(page.recordTitles()).hasSize(20).first().isEqualTo("paged " + tag + " 22");
        page.click("records-more");
        page.awaitList();
        assertThat(page.recordTitles()).hasSize(22).last().isEqualTo("paged " + tag + " 1");
        assertThat(page.visible("records-more")).isFalse();
        page.click("filter-clear");
        assertThat(page.recordTitles()).hasSize(20);
    }

    @Test
    void aUserOfAnotherTenantDoesNotSeeTheRecord() {
        String title = "Acme internal " + suffix();
        signedIn("alice").createRecord(title, "for acme only", "secret");

        GatehousePage grace = signedIn("grace"); // Globex's directory checks her password

        assertThat(grace.text("user-tenant")).isEqualTo("globex");
        assertThat(grace.recordTitles()).doesNotContain(title);
        grace.filterByTag("secret");
        assertThat(grace.recordTitles()).doesNotContain(title);
        assertThat(grace.visible("nav-admin")).as("grace is no admin").isFalse();
    }

    @Test
    void aMemberOfTwoOrganizationsChoosesOneSeesWhichAndSwitchesWithoutAPassword() {
        Browser browser = Browser.laptop();
        GatehousePage dora = page(browser).open().signIn("dora", DemoRealm.PASSWORDS.get("dora"), "globex");
        assertThat(dora.text("user-tenant")).isEqualTo("globex");
        assertThat(dora.visible("nav-admin")).as("admin of acme, a plain member of globex").isFalse();

        dora.switchOrganization("acme");
        assertThat(dora.text("user-tenant")).isEqualTo("acme");
        assertThat(dora.visible("nav-admin")).isTrue();
        dora.openAdmin();
        browser.screenshot("04b-switched-organization");
    }

    @Test
    void onlyATenantAdminSeesTheAdminViewWithTheTenantsRecordsAndRetention() {
        String title = "For the admin " + suffix();
        GatehousePage alice = signedIn("alice");
        alice.createRecord(title, "", "");
        assertThat(alice.visible("nav-admin")).as("alice is no admin").isFalse();

        Browser browser = Browser.laptop();
        GatehousePage adam = page(browser).open().signIn("adam", DemoRealm.PASSWORDS.get("adam"));
        assertThat(adam.visible("nav-admin")).isTrue();
        adam.openAdmin();
        assertThat(adam.ownerChoices()).contains(demo.subject("alice")).doesNotContain(demo.subject("bob"));
        assertThat(adam.ownerLabels()).as("owners by the name they write with").contains("alice");
        assertThat(adam.adminTitlesOf(demo.subject("alice"))).contains(title);
        browser.screenshot("04-admin");

        int before = Integer.parseInt(adam.text("retention-info").replaceAll("\\D+", " ").trim().split(" ")[0]);
        int changed = before == 120 ? 121 : 120;
        try {
            adam.setRetention(changed);
            assertThat(adam.awaitNotice("Retention set")).contains(Integer.toString(changed));
            adam.open().awaitList();
            adam.openAdmin();
            assertThat(adam.text("retention-info")).contains(changed + " days");
            adam.setRetention(5);
            assertThat(adam.awaitNotice("30 to 3650")).as("refused in the page, nothing sent").isNotBlank();
        } finally {
            demo.callApi("adam", "PUT", "/admin/retention", "{\"days\":" + before + "}", Map.of());
        }
    }

    @ParameterizedTest(name = "{0} through {2}")
    @CsvSource({"ivy@initech.test, initech, OpenID Connect", "uma@umbrella.test, umbrella, SAML 2.0 with signed assertions"})
    void anEmployeeOfABrokeredCompanySignsInThroughTheirOwnIdentityProvider(String user, String tenant, String protocol) {
        GatehousePage page = signedIn(user);

        assertThat(page.text("user-tenant")).isEqualTo(tenant);
        String title = tenant + " note " + suffix();
        page.createRecord(title, "", "");
        assertThat(page.recordTitles()).contains(title);
    }

    @Test
    void signingOutEndsTheKeycloakSession() {
        GatehousePage page = signedIn("alice");

        page.click("logout");

        page.awaitLoginPage();
        page.open().awaitLoginPage();
        assertThat(page.onKeycloak()).as("no single sign-on left: the login page again").isTrue();
    }

    @Test
    void aChangeMadeElsewhereFirstIsExplainedAndTheirVersionCanBeLoaded() {
        GatehousePage page = signedIn("alice");
        String title = "Shared doc " + suffix();
        page.createRecord(title, "v1", "");
        page.openEditor(title);
        String id = page.card(title).getDomAttribute("data-id");
        HttpResponse<String> elsewhere = demo.callApi("alice", "PUT", "/records/" + id,
                "{\"title\":\"" + title + " (theirs)\",\"body\":\"v2\"}", Map.of("If-Match", "\"1\""));
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(200);

        page.fillEditor(title + " (mine)", "v1 and mine", "");
        page.click("editor-save");

        assertThat(page.awaitEditorError()).contains("Someone changed this record");
        assertThat(page.visible("editor-reload")).isTrue();
        page.click("editor-reload");
        assertThat(page.awaitEditorError()).contains("their version");
        assertThat(page.editorValue("editor-title")).isEqualTo(title + " (theirs)");
        page.fillEditor(title + " (merged)", "v2 and mine", "");
        page.click("editor-save");
        page.awaitDialogClosed("editor");
        assertThat(page.recordTitles()).contains(title + " (merged)");
    }

    @Test
    void badInputIsExplainedInWords() {
        GatehousePage page = signedIn("alice");
        page.click("new-record");

        page.fillEditor("   ", "no title", "");
        page.click("editor-save");
        assertThat(page.awaitEditorError()).isEqualTo("Give the record a title.");

        page.fillEditor("Bad tag " + suffix(), "", "ok no/slash");
        page.click("editor-save");
        assertThat(page.awaitEditorError()).contains("Tags may only contain", "“no/slash”");
    }

    @Test
    void tokensStayInMemoryAndThePageIsServedWithAStrictContentSecurityPolicy() throws Exception {
        GatehousePage page = signedIn("alice");

        assertThat(page.webStorage()).doesNotContain("eyJ");
        HttpResponse<String> index = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.server(WebServer.class).settings().url() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'").doesNotContain("unsafe");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(index.headers().firstValue("Server")).isEmpty();
        HttpResponse<String> missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.server(WebServer.class).settings().url() + "/js/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).as("no directory listings").isIn(403, 404);
        assertThat(missing.body()).doesNotContain("main.js");
    }

    @Test
    void aRecordCanBeCreatedWithTheKeyboardAlone() {
        GatehousePage page = signedIn("alice");
        String title = "Typed without a mouse " + suffix();

        page.tabTo("new-record");
        page.press(Keys.ENTER);
        assertThat(page.focusedId()).as("the dialog opens with the title field focused").isEqualTo("editor-title");
        page.press(title);
        page.press(Keys.TAB, "no mouse needed", Keys.TAB, "keyboard");
        page.press(Keys.ENTER); // Enter in a field submits the form, as in any form

        page.awaitDialogClosed("editor");
        assertThat(page.recordTitles()).first().isEqualTo(title);
        page.click("new-record");
        page.press(Keys.ESCAPE);
        page.awaitDialogClosed("editor");
    }

    @Test
    void thePageFitsAPhoneScreen() {
        Browser phone = Browser.phone();
        GatehousePage page = page(phone).open().signIn("alice", DemoRealm.PASSWORDS.get("alice"));

        Object overflow = page.script("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(((Number) overflow).intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
        phone.screenshot("05-phone");
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
