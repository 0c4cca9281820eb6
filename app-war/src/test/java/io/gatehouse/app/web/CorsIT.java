package io.gatehouse.app.web;

import io.gatehouse.app.Api;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import io.gatehouse.stack.web.WebSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser front-end's origin, and only it, may call the API from a page. */
@WithStack({Component.KEYCLOAK, Component.LIBERTY})
class CorsIT {
    private Api api;
    private String webOrigin;

    @BeforeEach
    void connect(Stack stack) {
        api = new Api(stack);
        webOrigin = WebSettings.of(stack.config()).url();
    }

    @Test
    void thePreflightOfTheWebOriginAllowsWhatThePageSends() {
        Api.Response preflight = api.call("OPTIONS", "/records/" + java.util.UUID.randomUUID(), null, null, Map.of(
                "Origin", webOrigin, "Access-Control-Request-Method", "PUT",
                "Access-Control-Request-Headers", "authorization,content-type,if-match"));

        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(webOrigin);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PUT");
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase()).contains("authorization", "if-match", "content-type");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNotEqualTo("true");
    }

    @Test
    void aResponseToTheWebOriginExposesTheETag() {
        String token = api.token("alice");
        Api.Response created = api.call("POST", "/records", token, "{\"title\":\"cors\",\"body\":\"\"}", Map.of("Origin", webOrigin));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(webOrigin);
        assertThat(created.header("Access-Control-Expose-Headers")).contains("ETag");
    }

    /** The page reads the step-up challenge of a 401 to know which acr_values to ask Keycloak for. */
    @Test
    void aStepUpAnswerToTheWebOriginExposesItsChallenge() {
        Api.Response refused = api.call("GET", "/admin/retention", api.token("adam"), null, Map.of("Origin", webOrigin));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).contains("insufficient_user_authentication");
        assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo(webOrigin);
        assertThat(refused.header("Access-Control-Expose-Headers")).contains("WWW-Authenticate");
    }

    @Test
    void anyOtherOriginGetsNoCorsHeaders() {
        for (String origin : new String[] {"https://evil.example", webOrigin + ".evil.example", "http://127.0.0.1:1"}) {
            Api.Response preflight = api.call("OPTIONS", "/records", null, null, Map.of(
                    "Origin", origin, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"));
            Api.Response get = api.call("GET", "/me", api.token("alice"), null, Map.of("Origin", origin));

            assertThat(preflight.header("Access-Control-Allow-Origin")).as("preflight from " + origin).isNull();
            assertThat(get.header("Access-Control-Allow-Origin")).as("GET from " + origin).isNull();
        }
    }
}
