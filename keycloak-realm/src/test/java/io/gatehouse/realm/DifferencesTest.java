package io.gatehouse.realm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DifferencesTest {

    private static JsonNode json(String text) throws Exception {
        return RealmFile.JSON.readTree(text);
    }

    @Test
    void ignoresWhatTheFileDoesNotSay() throws Exception {
        assertThat(Differences.of(json("{\"a\":1}"), json("{\"a\":1,\"id\":\"generated\",\"b\":true}"))).isEmpty();
    }

    @Test
    void reportsAChangedValueWithItsPath() throws Exception {
        assertThat(Differences.of(json("{\"x\":{\"ttl\":300}}"), json("{\"x\":{\"ttl\":900}}"))).containsExactly("x.ttl: 900 -> 300");
    }

    @Test
    void comparesNumbersAndBooleansKeycloakReturnsAsText() throws Exception {
        assertThat(Differences.of(json("{\"attributes\":{\"n\":300,\"b\":true}}"), json("{\"attributes\":{\"n\":\"300\",\"b\":\"true\"}}"))).isEmpty();
    }

    @Test
    void comparesListsOfValuesAsSets() throws Exception {
        assertThat(Differences.of(json("{\"s\":[\"a\",\"b\"]}"), json("{\"s\":[\"b\",\"a\"]}"))).isEmpty();
        assertThat(Differences.of(json("{\"s\":[\"a\",\"b\"]}"), json("{\"s\":[\"a\",\"b\",\"c\"]}"))).hasSize(1);
        assertThat(Differences.of(json("{\"s\":[]}"), json("{\"s\":[\"a\"]}"))).as("an empty list means none").containsExactly("s: [\"a\"] -> []");
        assertThat(Differences.of(json("{\"s\":[]}"), json("{}"))).isEmpty();
    }

    @Test
    void matchesListItemsByName() throws Exception {
        JsonNode desired = json("{\"m\":[{\"name\":\"aud\",\"config\":{\"x\":\"1\"}}]}");
        assertThat(Differences.of(desired, json("{\"m\":[{\"id\":\"9\",\"name\":\"other\"},{\"id\":\"7\",\"name\":\"aud\",\"config\":{\"x\":\"1\"}}]}"))).isEmpty();
        assertThat(Differences.of(desired, json("{\"m\":[{\"name\":\"aud\",\"config\":{\"x\":\"2\"}}]}"))).containsExactly("m[aud].config.x: \"2\" -> \"1\"");
        assertThat(Differences.of(desired, json("{\"m\":[]}"))).singleElement().asString().startsWith("m[aud]: (missing)");
    }

    @Test
    void neverPrintsASecretOnlyThatItDiffers() throws Exception {
        assertThat(Differences.of(json("{\"c\":[{\"clientId\":\"svc\",\"secret\":\"new-value\"}]}"),
                json("{\"c\":[{\"clientId\":\"svc\",\"secret\":\"old-value\"}]}")))
                .containsExactly("c[svc].secret: (secret, differs)");
    }

    @Test
    void reportsAFieldKeycloakDoesNotHave() throws Exception {
        assertThat(Differences.of(json("{\"policy\":\"length(12)\"}"), json("{}"))).containsExactly("policy: (unset) -> \"length(12)\"");
    }

    @Test
    void neverPrintsASecretAndSkipsTheOnesKeycloakMasks() throws Exception {
        assertThat(Differences.of(json("{\"secret\":\"new-value\"}"), json("{\"secret\":\"old-value\"}"))).containsExactly("secret: (secret, differs)");
        assertThat(Differences.of(json("{\"config\":{\"bindCredential\":[\"new-value\"]}}"), json("{\"config\":{\"bindCredential\":[\"old-value\"]}}")))
                .containsExactly("config.bindCredential: (secret, differs)");
        assertThat(Differences.of(json("{\"config\":{\"clientSecret\":\"s\"}}"), json("{\"config\":{\"clientSecret\":\"**********\"}}"))).isEmpty();
        assertThat(Differences.of(json("{\"config\":{\"bindCredential\":[\"s\"]}}"), json("{\"config\":{\"bindCredential\":[\"**********\"]}}"))).isEmpty();
    }
}
