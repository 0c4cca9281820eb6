package io.gatehouse.web;

import io.gatehouse.stack.keycloak.AuthenticatorApp;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The web front-end and Keycloak's login pages as a user works them: by labels' fields and buttons, through a real browser. */
final class GatehousePage {
    /** Pages a sign-in may pass through: username, password, a brokered IdP's login page, a first-login profile review. */
    private static final int MAX_LOGIN_STEPS = 8;
    /** Keycloak's refusals; its warnings (such as "You need to set up Mobile Authenticator") are none. */
    private static final By KEYCLOAK_ERROR = By.cssSelector("#input-error, [id^=input-error-]:not([id^=input-error-container]), .pf-m-danger");
    /** Keycloak's second-factor pages: a TOTP code, setting up the authenticator app, recovery codes to save. */
    private static final String SECOND_FACTOR = "#otp, #totp, #kcRecoveryCodesConfirmationCheck";
    private final WebDriver driver;
    private final String webUrl;
    private final WebDriverWait wait;
    private String username;
    private String password;
    private List<String> recoveryCodes = List.of();

    GatehousePage(Browser browser, String webUrl) {
        this.driver = browser.driver();
        this.webUrl = webUrl;
        // A page can be replaced while a condition reads it (the sign-in redirects through Keycloak and back).
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
    }

    GatehousePage open() {
        driver.get(webUrl + "/");
        return this;
    }

    /** Waits for Keycloak's login page (the app sends every visitor there first). */
    GatehousePage awaitLoginPage() {
        wait.until(d -> onKeycloak() && !d.findElements(By.id("username")).isEmpty());
        return this;
    }

    boolean onKeycloak() {
        return !driver.getCurrentUrl().startsWith(webUrl);
    }

    /** Types into Keycloak's pages (and a brokered company's) until the app shows the signed-in user. */
    GatehousePage signIn(String username, String password) {
        return signIn(username, password, null);
    }

    /** Signs in, picking {@code organization} on Keycloak's organization chooser if it comes (a member of several). */
    GatehousePage signIn(String username, String password, String organization) {
        this.username = username;
        this.password = password;
        throughKeycloak(username, password, organization);
        awaitList();
        return this;
    }

    /** Works Keycloak's pages until the app is back with the user signed in. */
    private void throughKeycloak(String username, String password, String organization) {
        for (int step = 0; step < MAX_LOGIN_STEPS; step++) {
            wait.until(d -> signedIn() || !d.findElements(By.id("username")).isEmpty() || !d.findElements(By.id("password")).isEmpty()
                    || !d.findElements(By.cssSelector("form#kc-idp-review-profile-form, form#kc-update-profile-form, " + CHOOSER
                    + ", " + SECOND_FACTOR)).isEmpty());
            if (signedIn()) {
                return;
            }
            if (!driver.findElements(By.cssSelector(CHOOSER)).isEmpty()) {
                choose(organization);
                continue;
            }
            if (!keycloakError().isEmpty()) {
                throw new AssertionError("Keycloak refused the sign-in of " + username + ": " + keycloakError());
            }
            WebElement page = driver.findElement(By.tagName("html"));
            field("username").filter(WebElement::isEnabled).ifPresent(input -> type(input, username));
            field("password").ifPresent(input -> type(input, password));
            secondFactor(username);
            driver.findElement(By.cssSelector("#kc-login, form input[type=submit], form button[type=submit]")).click();
            wait.until(d -> gone(page));
        }
        throw new AssertionError("not signed in after " + MAX_LOGIN_STEPS + " pages, at " + driver.getCurrentUrl());
    }

    /** The recovery codes Keycloak showed at their setup during this page's sign-ins, in order. */
    List<String> recoveryCodes() {
        return recoveryCodes;
    }

    /** Types the username and password, then stops on the page that asks for the second factor. */
    GatehousePage signInUpToTheSecondFactor(String username, String password) {
        for (int step = 0; step < MAX_LOGIN_STEPS && driver.findElements(By.cssSelector("#otp, #recoveryCodeInput")).isEmpty(); step++) {
            wait.until(d -> !d.findElements(By.cssSelector("#username, #password, #otp, #recoveryCodeInput")).isEmpty());
            if (!driver.findElements(By.cssSelector("#otp, #recoveryCodeInput")).isEmpty()) {
                break;
            }
            WebElement page = driver.findElement(By.tagName("html"));
            field("username").filter(WebElement::isEnabled).ifPresent(input -> type(input, username));
            field("password").ifPresent(input -> type(input, password));
            driver.findElement(By.cssSelector("#kc-login, form input[type=submit], form button[type=submit]")).click();
            wait.until(d -> gone(page));
        }
        return this;
    }

    /** Types {@code code} into Keycloak's code page ("One-time code" or "Recovery code #n") and sends it. */
    GatehousePage enterCode(String code) {
        WebElement input = wait.until(d -> d.findElements(By.cssSelector("#otp, #recoveryCodeInput")).stream().filter(WebElement::isDisplayed)
                .findFirst().orElse(null));
        WebElement page = driver.findElement(By.tagName("html"));
        type(input, code);
        driver.findElement(By.cssSelector("#kc-login, form input[type=submit], form button[type=submit]")).click();
        wait.until(d -> gone(page));
        return this;
    }

    /** Keycloak's refusal on its current page, or empty. */
    String keycloakError() {
        return driver.findElements(KEYCLOAK_ERROR).stream().filter(WebElement::isDisplayed).map(WebElement::getText)
                .filter(text -> !text.isBlank()).findFirst().orElse("");
    }

    /** The label of the code field Keycloak shows, e.g. "Recovery code #2". */
    String codePrompt() {
        return wait.until(d -> d.findElements(By.cssSelector("label[for=otp], label[for=recoveryCodeInput]")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).findFirst().orElse(null));
    }

    /** "Try another way" on a second-factor page, then the method whose heading contains {@code method}. */
    GatehousePage tryAnotherWay(String method) {
        WebElement page = driver.findElement(By.tagName("html"));
        click("try-another-way");
        wait.until(d -> gone(page));
        WebElement choices = driver.findElement(By.tagName("html"));
        driver.findElements(By.cssSelector("div[role=button]")).stream().filter(choice -> choice.getText().contains(method)).findFirst()
                .orElseThrow(() -> new AssertionError("Keycloak offers no " + method + " on " + driver.getCurrentUrl())).click();
        wait.until(d -> gone(choices));
        return this;
    }

    /** Waits for the app to show the signed-in user and their records (after a sign-in typed step by step). */
    GatehousePage awaitSignedIn() {
        wait.until(d -> signedIn());
        return awaitList();
    }

    /**
     * The user's authenticator app: on Keycloak's setup page it takes the secret the page holds (what the QR code
     * shows) and answers with its first code; on the code page it answers with a fresh code.
     */
    private void secondFactor(String user) {
        String realmUrl = driver.getCurrentUrl().replaceAll("(/realms/[^/]+)/.*", "$1");
        try {
            Optional<WebElement> setup = field("totp");
            if (setup.isPresent()) {
                AuthenticatorApp.enrol(realmUrl, user, driver.findElement(By.name("totpSecret")).getDomAttribute("value"));
                type(setup.get(), AuthenticatorApp.nextCode(realmUrl, user));
            }
            Optional<WebElement> code = field("otp");
            if (code.isPresent()) {
                type(code.get(), AuthenticatorApp.nextCode(realmUrl, user));
            }
            // The recovery codes page: the user writes them down (the page holds them for its download button).
            Optional<WebElement> saved = field("kcRecoveryCodesConfirmationCheck");
            if (saved.isPresent()) {
                recoveryCodes = List.of(driver.findElement(By.name("generatedRecoveryAuthnCodes")).getDomAttribute("value").split(","));
                saved.get().click();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the page the element was on has been left. Chrome answers a node of a page being replaced with "does not
     * belong to the document" rather than a stale reference; both mean the navigation happened.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Keycloak's organization chooser: a button per organization, id {@code organization-<alias>}. */
    private static final String CHOOSER = "button[name='kc.org']";

    private void choose(String organization) {
        if (organization == null) {
            throw new AssertionError("Keycloak asks which organization, and the test named none");
        }
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(By.id("organization-" + organization)).click();
        wait.until(ExpectedConditions.stalenessOf(page));
    }

    /** The header's *Switch organization*: Keycloak's chooser again (no password in a live session), then this page in {@code organization}. */
    GatehousePage switchOrganization(String organization) {
        click("switch-organization");
        wait.until(d -> onKeycloak() && !d.findElements(By.cssSelector(CHOOSER)).isEmpty());
        if (!driver.findElements(By.id("password")).isEmpty()) {
            throw new AssertionError("switching asked for the password again");
        }
        choose(organization);
        wait.until(d -> signedIn() && text("user-tenant").equals(organization));
        awaitList();
        return this;
    }

    private Optional<WebElement> field(String id) {
        return driver.findElements(By.id(id)).stream().filter(WebElement::isDisplayed).findFirst();
    }

    private boolean signedIn() {
        return !onKeycloak() && !driver.findElements(By.id("user-name")).isEmpty()
                && driver.findElement(By.id("who")).isDisplayed() && !text("user-name").isEmpty();
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText().strip();
    }

    boolean visible(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Waits until the records list (or the admin's) has finished loading. */
    GatehousePage awaitList() {
        wait.until(d -> {
            WebElement status = d.findElement(By.id("records-status"));
            WebElement list = d.findElement(By.id("records-list"));
            return list.getAttribute("aria-busy") == null && !status.getText().isBlank() && !status.getText().startsWith("Loading");
        });
        return this;
    }

    List<String> recordTitles() {
        awaitList();
        return titlesIn("records-list");
    }

    private List<String> titlesIn(String listId) {
        return driver.findElements(By.cssSelector("#" + listId + " .card h3")).stream().map(WebElement::getText).toList();
    }

    void createRecord(String title, String body, String tags) {
        click("new-record");
        fillEditor(title, body, tags);
        click("editor-save");
        awaitDialogClosed("editor");
        awaitNotice("Created");
        awaitList();
    }

    void openEditor(String title) {
        card(title).findElement(By.xpath(".//button[text()='Edit']")).click();
        wait.until(d -> d.findElement(By.id("editor")).isDisplayed());
    }

    void fillEditor(String title, String body, String tags) {
        wait.until(d -> d.findElement(By.id("editor")).isDisplayed());
        type(driver.findElement(By.id("editor-title")), title);
        type(driver.findElement(By.id("editor-body")), body);
        type(driver.findElement(By.id("editor-tags")), tags);
    }

    String editorValue(String id) {
        return driver.findElement(By.id(id)).getDomProperty("value");
    }

    void deleteRecord(String title) {
        WebElement card = card(title);
        card.findElement(By.xpath(".//button[text()='Delete']")).click();
        wait.until(d -> d.findElement(By.id("confirm")).isDisplayed());
        click("confirm-delete");
        awaitDialogClosed("confirm");
        wait.until(ExpectedConditions.stalenessOf(card));
        awaitNotice("Deleted");
    }

    WebElement card(String title) {
        awaitList();
        return driver.findElements(By.cssSelector("#records-list .card, #admin-list .card")).stream()
                .filter(card -> card.findElement(By.tagName("h3")).getText().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("no card titled " + title + " in " + recordTitles()));
    }

    void filterByTag(String tag) {
        submitFilter(tag);
        wait.until(d -> d.findElement(By.id("records-status")).getText().contains(tag));
    }

    /** Asks the API for the records with {@code tag}, without waiting for the answer. */
    void submitFilter(String tag) {
        type(driver.findElement(By.id("filter-tag")), tag);
        driver.findElement(By.cssSelector("#filter-form button[type=submit]")).click();
    }

    void awaitDialogClosed(String id) {
        wait.until(d -> !d.findElement(By.id(id)).isDisplayed());
    }

    String awaitNotice(String containing) {
        wait.until(d -> d.findElement(By.id("notice")).isDisplayed() && d.findElement(By.id("notice-text")).getText().contains(containing));
        return text("notice-text");
    }

    String awaitEditorError() {
        wait.until(d -> d.findElement(By.id("editor-error")).isDisplayed());
        return text("editor-error");
    }

    /**
     * The admin view: the members, owners by subject, one owner's records, the retention form. Without a second factor
     * in this sign-in the page steps up first: Keycloak's code page (or its authenticator app setup), then back.
     */
    void openAdmin() {
        click("nav-admin");
        // The admin view shows at once, and only its data says the API took the token: without a second factor the
        // API's step-up answer sends the page to Keycloak a moment later. (The page may also be between documents.)
        wait.until(d -> onKeycloak() || adminLoaded(d));
        if (onKeycloak()) {
            throughKeycloak(username, password, null);
        }
        wait.until(this::adminLoaded);
        wait.until(d -> !d.findElement(By.id("admin-status")).getText().isBlank() && !d.findElement(By.id("admin-status")).getText().startsWith("Loading"));
        awaitMembers();
    }

    private boolean adminLoaded(WebDriver d) {
        return !onKeycloak() && d.findElements(By.id("admin-view")).stream().anyMatch(WebElement::isDisplayed)
                && !d.findElement(By.id("retention-days")).getDomProperty("value").isEmpty();
    }

    private void awaitMembers() {
        wait.until(d -> d.findElement(By.id("members-list")).getAttribute("aria-busy") == null
                && !d.findElement(By.id("members-status")).getText().isBlank() && !d.findElement(By.id("members-status")).getText().startsWith("Loading"));
    }

    /** The e-mail addresses on the members' cards, in the order shown. */
    List<String> memberEmails() {
        awaitMembers();
        return driver.findElements(By.cssSelector("#members-list .card p")).stream().map(WebElement::getText).toList();
    }

    /** The addresses of the invitations not accepted yet, as the members panel lists them. */
    List<String> invitationEmails() {
        wait.until(d -> !d.findElement(By.id("invitations-status")).getText().startsWith("Loading"));
        return driver.findElements(By.cssSelector("#invitations-list .card")).stream().map(card -> card.getDomAttribute("data-email")).toList();
    }

    /** Types the address into the invitation form and sends it; returns the notice the page shows. */
    String invite(String email) {
        if (visible("notice")) {
            click("notice-close");
        }
        type(driver.findElement(By.id("invite-email")), email);
        driver.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        wait.until(d -> d.findElement(By.id("notice")).isDisplayed() && !d.findElement(By.id("notice-text")).getText().isBlank());
        return text("notice-text");
    }

    /**
     * Follows an invitation's registration link: Keycloak's registration form (its address already filled from the
     * invitation), then back to the app, signed in.
     */
    GatehousePage register(String link, String username, String firstName, String lastName, String password) {
        driver.get(link);
        try {
            wait.until(d -> !d.findElements(By.id("kc-register-form")).isEmpty());
        } catch (TimeoutException e) {
            throw new AssertionError("no registration form at " + driver.getCurrentUrl() + ": " + driver.findElement(By.tagName("body")).getText().strip(), e);
        }
        field("username").ifPresent(input -> type(input, username));
        type(driver.findElement(By.id("firstName")), firstName);
        type(driver.findElement(By.id("lastName")), lastName);
        type(driver.findElement(By.id("password")), password);
        type(driver.findElement(By.id("password-confirm")), password);
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(By.cssSelector("#kc-register-form input[type=submit], #kc-register-form button[type=submit]")).click();
        wait.until(d -> gone(page));
        if (!keycloakError().isEmpty()) {
            throw new AssertionError("Keycloak refused the registration of " + username + ": " + keycloakError());
        }
        try {
            wait.until(d -> signedIn());
        } catch (TimeoutException e) {
            throw new AssertionError("not back in the app after registering, at " + driver.getCurrentUrl() + ": "
                    + driver.findElement(By.tagName("body")).getText().strip(), e);
        }
        awaitList();
        return this;
    }

    List<String> adminTitlesOf(String ownerSubject) {
        Select owners = new Select(driver.findElement(By.id("owner-select")));
        if (!ownerSubject.equals(owners.getFirstSelectedOption().getDomProperty("value"))) {
            WebElement list = driver.findElement(By.id("admin-list"));
            owners.selectByValue(ownerSubject);
            wait.until(d -> list.getAttribute("aria-busy") == null && !d.findElement(By.id("admin-status")).getText().startsWith("Loading"));
        }
        return titlesIn("admin-list");
    }

    List<String> ownerLabels() {
        return new Select(driver.findElement(By.id("owner-select"))).getOptions().stream().map(WebElement::getText).toList();
    }

    List<String> ownerChoices() {
        return new Select(driver.findElement(By.id("owner-select"))).getOptions().stream().map(option -> option.getDomProperty("value")).toList();
    }

    void setRetention(int days) {
        type(driver.findElement(By.id("retention-days")), Integer.toString(days));
        driver.findElement(By.cssSelector("#retention-form button[type=submit]")).click();
    }

    /** Presses Tab until the element has the focus (at most 30 times), as a keyboard user gets there. */
    void tabTo(String id) {
        for (int i = 0; i < 30 && !id.equals(focusedId()); i++) {
            press(Keys.TAB);
        }
        if (!id.equals(focusedId())) {
            throw new AssertionError(id + " cannot be reached with the Tab key");
        }
    }

    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    String focusedId() {
        return String.valueOf(script("return document.activeElement ? document.activeElement.id : '';"));
    }

    String title() {
        return driver.getTitle();
    }

    Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    /** Whatever the page keeps in web storage, to prove no token is there. */
    String webStorage() {
        return String.valueOf(((JavascriptExecutor) driver).executeScript(
                "return JSON.stringify({local: {...localStorage}, session: {...sessionStorage}});"));
    }

    private static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }
}
