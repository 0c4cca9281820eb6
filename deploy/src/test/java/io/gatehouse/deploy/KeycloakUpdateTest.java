package io.gatehouse.deploy;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a Keycloak release replaces the running tasks, as deploy/keycloak-rollout's compatibility check decided: rolling
 * (old tasks serve until new ones are healthy) or recreate (old tasks stop first); the API's tasks always roll.
 */
class KeycloakUpdateTest {

    @Test
    void recreateStopsEveryOldKeycloakTaskFirstAndIsTheDefault() {
        Template template = Synthesized.template("keycloak-recreate", Map.of());
        assertThat(deployment(template, "KeycloakService")).containsEntry("MinimumHealthyPercent", 0).containsEntry("MaximumPercent", 100)
                .containsKey("DeploymentCircuitBreaker");
        assertThat((Integer) deployment(template, "ApiService").get("MinimumHealthyPercent")).as("the API rolls whatever Keycloak does").isPositive();
    }

    @Test
    void rollingKeepsEveryKeycloakTaskServingUntilItsReplacementIsHealthy() {
        Template template = Synthesized.template("keycloak-rolling", Map.of("keycloakUpdate", "rolling"));
        assertThat(deployment(template, "KeycloakService")).containsEntry("MinimumHealthyPercent", 100).containsEntry("MaximumPercent", 200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deployment(Template template, String service) {
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources("AWS::ECS::Service");
        return services.entrySet().stream().filter(entry -> entry.getKey().startsWith(service)).findFirst()
                .map(entry -> (Map<String, Object>) ((Map<String, Object>) entry.getValue().get("Properties")).get("DeploymentConfiguration"))
                .orElseThrow(() -> new AssertionError("no ECS service " + service + "*"));
    }
}
