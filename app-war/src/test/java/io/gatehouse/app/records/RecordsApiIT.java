package io.gatehouse.app.records;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class RecordsApiIT {
    private Api api;

    @BeforeEach
    void connect(Stack stack) {
        api = new Api(stack);
    }

    @Test
    void createsReadsReplacesAndDeletesARecordWithETags() {
        String alice = api.token("alice");
        Api.Response created = api.post("/records", alice, "{\"title\":\"Plan\",\"body\":\"first\",\"tags\":[\"work\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/records/" + id);

        Api.Response read = api.get("/records/" + id, alice);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("title").asText()).isEqualTo("Plan");
        assertThat(read.json().path("tags").get(0).asText()).isEqualTo("work");

        Api.Response replaced = api.call("PUT", "/records/" + id, alice, "{\"title\":\"Plan B\",\"body\":\"second\"}", Map.of("If-Match", "\"1\""));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
        assertThat(replaced.json().path("title").asText()).isEqualTo("Plan B");
        assertThat(api.get("/records/" + id, alice).json().path("body").asText()).isEqualTo("second");

        Api.Response deleted = api.call("DELETE", "/records/" + id, alice, null, Map.of("If-Match", "\"2\""));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/records/" + id, alice).status()).isEqualTo(404);
    }

    @Test
    void aStaleETagIs412AndAMissingIfMatchIs428() {
        String alice = api.token("alice");
        String id = create(alice, "concurrent", null);
        assertThat(api.call("PUT", "/records/" + id, alice, "{\"title\":\"one\",\"body\":\"\"}", Map.of("If-Match", "\"1\"")).status()).isEqualTo(200);

        Api.Response stale = api.call("PUT", "/records/" + id, alice, "{\"title\":\"two\",\"body\":\"\"}", Map.of("If-Match", "\"1\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.call("DELETE", "/records/" + id, alice, null, Map.of("If-Match", "\"1\"")).status()).isEqualTo(412);
        assertThat(api.call("PUT", "/records/" + id, alice, "{\"title\":\"two\",\"body\":\"\"}", Map.of()).status()).isEqualTo(428);
        assertThat(api.call("DELETE", "/records/" + id, alice, null, Map.of()).status()).isEqualTo(428);
        assertThat(api.get("/records/" + id, alice).json().path("title").asText()).isEqualTo("one");
    }

    @Test
    void listsTheCallersRecordsNewestFirstPageByPage() {
        String bob = api.token("bob");
        String tag = "paging" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(bob, "item " + i, tag));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = api.get("/records?limit=2&tag=" + tag + (cursor == null ? "" : "&cursor=" + cursor), bob);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("items").forEach(item -> seen.add(item.path("id").asText()));
            assertThat(page.json().path("items").size()).isLessThanOrEqualTo(2);
            cursor = page.json().path("next").isNull() ? null : page.json().path("next").asText(null);
        } while (cursor != null);

        Collections.reverse(ids);
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void aTagFilterReturnsOnlyRecordsWithThatTag() {
        String alice = api.token("alice");
        String tag = "only" + UUID.randomUUID().toString().substring(0, 8);
        String tagged = create(alice, "tagged", tag);
        create(alice, "untagged", null);

        JsonNode items = api.get("/records?tag=" + tag, alice).json().path("items");

        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("id").asText()).isEqualTo(tagged);
    }

    @Test
    void anotherTenantsUserCannotReadListChangeOrDeleteARecordAndLearnsNothing() {
        String alice = api.token("alice");
        String bob = api.token("bob");
        String id = create(alice, "acme only", "secret");

        assertNotVisibleTo(bob, id);
        assertThat(api.get("/records/" + id, alice).json().path("title").asText()).isEqualTo("acme only");
    }

    @Test
    void anotherUserOfTheSameTenantCannotSeeTheRecordEither() {
        String id = create(api.token("alice"), "alice only", null);

        assertNotVisibleTo(api.token("adam"), id);
    }

    @Test
    void everyEndpointAnswers401WithoutAValidToken() {
        String id = UUID.randomUUID().toString();
        String tampered = tamper(api.token("alice"));
        for (String token : new String[] {null, "not-a-jwt", tampered}) {
            assertThat(api.get("/me", token).status()).isEqualTo(401);
            assertThat(api.get("/records", token).status()).isEqualTo(401);
            assertThat(api.post("/records", token, "{\"title\":\"x\",\"body\":\"\"}").status()).isEqualTo(401);
            assertThat(api.get("/records/" + id, token).status()).isEqualTo(401);
            assertThat(api.call("PUT", "/records/" + id, token, "{\"title\":\"x\",\"body\":\"\"}", Map.of("If-Match", "\"1\"")).status()).isEqualTo(401);
            assertThat(api.call("DELETE", "/records/" + id, token, null, Map.of("If-Match", "\"1\"")).status()).isEqualTo(401);
        }
    }

    @Test
    void aTokenWithoutTheOrganizationScopeHasNoTenantAndIs403() {
        String withoutTenant = api.login("alice", "openid");

        Api.Response response = api.get("/records", withoutTenant);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("detail").asText()).contains("names no organization");
    }

    @Test
    void badInputGetsAProblemWithTheRightStatus() {
        String alice = api.token("alice");
        assertProblem(api.post("/records", alice, "{\"title\": "), 400);
        assertProblem(api.post("/records", alice, "{\"title\":\"\",\"body\":\"x\"}"), 400);
        assertProblem(api.post("/records", alice, "{\"title\":\"x\",\"body\":\"x\",\"tags\":[\"no spaces allowed\"]}"), 400);
        assertProblem(api.post("/records", alice, "{\"title\":\"x\",\"body\":\"" + "a".repeat(70_000) + "\"}"), 413);
        assertProblem(api.get("/records?limit=0", alice), 400);
        assertProblem(api.get("/records?limit=101", alice), 400);
        Api.Response notANumber = api.get("/records?limit=abc", alice);
        assertProblem(notANumber, 400);
        assertThat(notANumber.json().path("detail").asText()).isEqualTo("limit must be a whole number between 1 and 100");
        assertProblem(api.get("/records?cursor=bm90LWEtY3Vyc29y", alice), 400);
        assertProblem(api.get("/records/not-a-uuid", alice), 404);
        assertProblem(api.get("/records/" + UUID.randomUUID(), alice), 404);
    }

    @Test
    void noAnswerOfTheApiMayBeStoredByABrowserOrACache() {
        String alice = api.token("alice");
        String id = create(alice, "private", null);
        assertThat(api.get("/records/" + id, alice).header("Cache-Control")).isEqualTo("no-store");
        assertThat(api.get("/records", alice).header("Cache-Control")).isEqualTo("no-store");
        assertThat(api.get("/me", alice).header("Cache-Control")).isEqualTo("no-store");
        assertThat(api.get("/records/" + UUID.randomUUID(), alice).header("Cache-Control")).as("errors too").isEqualTo("no-store");
    }

    private void assertNotVisibleTo(String token, String id) {
        assertProblem(api.get("/records/" + id, token), 404);
        assertProblem(api.call("PUT", "/records/" + id, token, "{\"title\":\"mine now\",\"body\":\"\"}", Map.of("If-Match", "\"1\"")), 404);
        assertProblem(api.call("DELETE", "/records/" + id, token, null, Map.of("If-Match", "\"1\"")), 404);
        api.get("/records?limit=100", token).json().path("items")
                .forEach(item -> assertThat(item.path("id").asText()).isNotEqualTo(id));
    }

    private static void assertProblem(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
    }

    private String create(String token, String title, String tag) {
        String tags = tag == null ? "[]" : "[\"" + tag + "\"]";
        Api.Response created = api.post("/records", token, "{\"title\":\"" + title + "\",\"body\":\"\",\"tags\":" + tags + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    /** Changes one character of the payload, keeping the signature: a valid-looking token that is not Keycloak's. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        char[] payload = parts[1].toCharArray();
        payload[10] = payload[10] == 'A' ? 'B' : 'A';
        return parts[0] + "." + new String(payload) + "." + parts[2];
    }
}
