package io.gatehouse.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.cleanup.EventRows.Table;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.keycloak.BrowserLogin;
import io.gatehouse.stack.keycloak.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.GroupRepresentation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keycloak's own event tables: events from real logins and admin calls, plus bulk copies for volume. */
@WithStack({Component.CASSANDRA, Component.KEYCLOAK, Component.S3})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakEventsArchiveIT {
    private static final Instant START = Instant.now();
    private static final Instant WEEK_AGO = START.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.DAYS);

    private Stack stack;
    private EventRows events;
    private CleanupJob job;
    private ArchiveContents archive;

    @BeforeAll
    void connect(Stack stack) throws Exception {
        this.stack = stack;
        events = new EventRows(stack.server(KeycloakServer.class).database());
        job = new CleanupJob(stack);
        archive = new ArchiveContents(stack);
        // At least one real event and admin event to copy from, whichever test runs first.
        BrowserLogin.forWebClient(stack.config()).login("alice", "Alice-Gatehouse-1", "openid");
        adminCall();
    }

    @AfterAll
    void close() {
        archive.close();
    }

    @Test
    void realLoginAndAdminEventsAreArchivedDeletedInStepsAndRestoredExactly() throws Exception {
        String realm = events.realmId(StackConfig.REALM);
        Instant start = Instant.now();
        BrowserLogin login = BrowserLogin.forWebClient(stack.config());
        login.login("alice", "Alice-Gatehouse-1", "openid");
        assertThatThrownBy(() -> login.login("bob", "not-his-password-1A", "openid")).isInstanceOf(BrowserLogin.LoginRefused.class);
        adminCall();
        assertThat(events.age(Table.LOGIN, realm, start, Duration.ofDays(20))).as("Keycloak wrote login events").isGreaterThanOrEqualTo(2);
        assertThat(events.age(Table.ADMIN, realm, start, Duration.ofDays(20))).as("Keycloak wrote admin events").isGreaterThanOrEqualTo(1);
        events.copies(Table.LOGIN, realm, 2500, START.minus(Duration.ofDays(10)), 3);
        events.copies(Table.ADMIN, realm, 1200, START.minus(Duration.ofDays(10)), 2);
        login.login("alice", "Alice-Gatehouse-1", "openid");
        List<String> oldLogins = events.snapshot(Table.LOGIN, realm, WEEK_AGO);
        List<String> oldAdmin = events.snapshot(Table.ADMIN, realm, WEEK_AGO);
        long recent = events.count(Table.LOGIN, realm) - oldLogins.size();

        CleanupJob.Result run = job.run("archive", "--source", "keycloak-events,keycloak-admin-events", "--older-than", "7d");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(events.snapshot(Table.LOGIN, realm, WEEK_AGO)).isEmpty();
        assertThat(events.snapshot(Table.ADMIN, realm, WEEK_AGO)).isEmpty();
        assertThat(events.count(Table.LOGIN, realm)).as("this week's events stay").isEqualTo(recent).isPositive();
        assertThat(ArchiveContents.parsed(archive.archivedRows("keycloak-events/" + realm + "/"))).containsExactlyInAnyOrderElementsOf(ArchiveContents.parsed(oldLogins));
        assertThat(ArchiveContents.parsed(archive.archivedRows("keycloak-admin-events/" + realm + "/"))).containsExactlyInAnyOrderElementsOf(ArchiveContents.parsed(oldAdmin));
        assertThat(run.events("source-deleted").stream().mapToLong(e -> e.get("deleted").asLong()).sum())
                .isEqualTo(oldLogins.size() + oldAdmin.size());
        assertThat(run.metrics()).hasSize(2);
        assertThat(job.run("verify", "--deep").exitCode()).isZero();

        CleanupJob.Result restore = job.run("restore", "--batch", "keycloak-events/" + realm, "--batch", "keycloak-admin-events/" + realm);

        assertThat(restore.exitCode()).as(restore.describe()).isZero();
        assertThat(events.snapshot(Table.LOGIN, realm, WEEK_AGO)).isEqualTo(oldLogins);
        assertThat(events.snapshot(Table.ADMIN, realm, WEEK_AGO)).isEqualTo(oldAdmin);
        assertThat(job.run("restore", "--batch", "keycloak-events/" + realm).exitCode()).isZero();
        assertThat(events.snapshot(Table.LOGIN, realm, WEEK_AGO)).as("restore is idempotent").isEqualTo(oldLogins);
    }

    /** Killed (SIGKILL) during the step after each of these, then run again: every event archived once, none left. */
    @ParameterizedTest(name = "killed after {0} #{1}")
    @CsvSource({"part-uploaded,1", "manifest-written,1", "verified,1", "verified,2", "batch-archived,1"})
    void aCrashLosesNoEventAndArchivesNoneTwice(String step, int occurrence) throws Exception {
        String realm = "crash-" + UUID.randomUUID();
        events.copies(Table.LOGIN, realm, 6000, START.minus(Duration.ofDays(9)), 3);
        List<String> before = events.snapshot(Table.LOGIN, realm, WEEK_AGO);
        String[] options = {"--source", "keycloak-events", "--older-than", "7d", "--parallelism", "1", "--part-size-mb", "0.05"};

        CleanupJob.Result killed = job.runUntil(step, occurrence, "archive", options);
        assertThat(killed.exitCode()).as("killed by SIGKILL; " + killed.describe()).isEqualTo(137);
        CleanupJob.Result rerun = job.run("archive", options);

        assertThat(rerun.exitCode()).as(rerun.describe()).isIn(0, 4);
        assertThat(events.count(Table.LOGIN, realm)).isZero();
        List<JsonNode> archived = ArchiveContents.parsed(archive.archivedRows("keycloak-events/" + realm + "/"));
        assertThat(archived).as("no event archived twice").doesNotHaveDuplicates();
        assertThat(archived).containsExactlyInAnyOrderElementsOf(ArchiveContents.parsed(before));
        assertThat(archive.objects("_pending/keycloak-events/")).isEmpty();
    }

    @Test
    void aRunFindingTheLeaseTakenLeavesTheEventsAlone() throws Exception {
        String realm = "leased-" + UUID.randomUUID();
        events.copies(Table.LOGIN, realm, 10, START.minus(Duration.ofDays(9)), 1);
        try (Connection other = events.connect(); PreparedStatement lock = other.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, "gatehouse-cleanup:keycloak-events");
            try (ResultSet result = lock.executeQuery()) {
                assertThat(result.next() && result.getBoolean(1)).isTrue();
            }

            CleanupJob.Result run = job.run("archive", "--source", "keycloak-events", "--older-than", "7d");

            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.stderr()).contains("keycloak-events: skipped, another run");
            assertThat(events.count(Table.LOGIN, realm)).isEqualTo(10);
        }
        CleanupJob.Result after = job.run("archive", "--source", "keycloak-events", "--older-than", "7d");
        assertThat(after.exitCode()).as("the lock ends with its session; " + after.describe()).isZero();
        assertThat(events.count(Table.LOGIN, realm)).isZero();
    }

    private void adminCall() {
        GroupRepresentation group = new GroupRepresentation();
        group.setName("cleanup-it-" + UUID.randomUUID());
        try (Keycloak admin = stack.server(KeycloakServer.class).settings().admin();
             Response created = admin.realm(StackConfig.REALM).groups().add(group)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
    }
}
