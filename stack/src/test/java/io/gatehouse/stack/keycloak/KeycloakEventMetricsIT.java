package io.gatehouse.stack.keycloak;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.junit.WithStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keycloak's user-event metrics, which the AWS collector scrapes into the sign-in and token dashboards and alarms:
 * a sign-in, a refused password and the tokens issued each count once, under the realm and client they happened in,
 * and under the user's organization in Gatehouse's own counter.
 */
@WithStack(Component.KEYCLOAK)
class KeycloakEventMetricsIT {
    private static final String EVENTS = "keycloak_user_events_total";
    private static final String ORGANIZATION_EVENTS = "gatehouse_organization_events_total";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSignInARefusedPasswordAndTheTokensIssuedAreCounted(Stack stack) throws Exception {
        KeycloakServer keycloak = stack.server(KeycloakServer.class);
        BrowserLogin browser = BrowserLogin.forWebClient(stack.config());
        String login = series("gatehouse-web", "", "login");
        String refused = series("gatehouse-web", "invalid_user_credentials", "login");
        String tokens = series("gatehouse-web", "", "code_to_token");
        // Gatehouse's own counter (keycloak-providers): bob is a member of globex alone.
        String globexLogins = ORGANIZATION_EVENTS + "{event=\"login\",organization=\"globex\",outcome=\"success\",realm=\"gatehouse\"";
        String globexRefusals = ORGANIZATION_EVENTS + "{event=\"login\",organization=\"globex\",outcome=\"failure\",realm=\"gatehouse\"";
        String globexTokens = ORGANIZATION_EVENTS + "{event=\"token\",organization=\"globex\",outcome=\"success\",realm=\"gatehouse\"";
        double[] before = {count(keycloak, login), count(keycloak, refused), count(keycloak, tokens),
                count(keycloak, globexLogins), count(keycloak, globexRefusals), count(keycloak, globexTokens)};

        browser.login("bob", "Bob-Gatehouse-1", "openid");
        assertThatThrownBy(() -> browser.login("bob", "not-bobs-password", "openid")).isInstanceOf(BrowserLogin.LoginRefused.class);

        assertThat(count(keycloak, login)).as(login).isEqualTo(before[0] + 1);
        assertThat(count(keycloak, refused)).as(refused).isEqualTo(before[1] + 1);
        assertThat(count(keycloak, tokens)).as(tokens + ": the code exchanged for tokens").isEqualTo(before[2] + 1);
        assertThat(count(keycloak, globexLogins)).as(globexLogins).isEqualTo(before[3] + 1);
        assertThat(count(keycloak, globexRefusals)).as(globexRefusals).isEqualTo(before[4] + 1);
        assertThat(count(keycloak, globexTokens)).as(globexTokens).isEqualTo(before[5] + 1);
    }

    /** One counter's labels as Keycloak prints them (sorted by name) with the tags the stack sets. */
    private static String series(String client, String error, String event) {
        return EVENTS + "{client_id=\"" + client + "\",error=\"" + error + "\",event=\"" + event + "\",idp=\"\",realm=\"gatehouse\"";
    }

    /** The counter's value from the node's Prometheus metrics; 0 before its first event. */
    private double count(KeycloakServer keycloak, String series) throws IOException, InterruptedException {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(keycloak.settings().metrics(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body().lines().filter(line -> line.startsWith(series + ",") || line.startsWith(series + "}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
