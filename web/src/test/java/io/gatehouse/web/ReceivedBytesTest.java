package io.gatehouse.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReceivedBytesTest {
    private static String event(String method, String params) {
        return "{\"message\":{\"method\":\"" + method + "\",\"params\":" + params + "},\"webview\":\"1\"}";
    }

    private static String sent(String id, String url) {
        return event("Network.requestWillBeSent", "{\"requestId\":\"" + id + "\",\"request\":{\"url\":\"" + url + "\"}}");
    }

    private static String finished(String id, long bytes) {
        return event("Network.loadingFinished", "{\"requestId\":\"" + id + "\",\"encodedDataLength\":" + bytes + "}");
    }

    @Test
    void countsEachFinishedResponseAgainstItsRequestsOrigin() {
        ReceivedBytes bytes = ReceivedBytes.of(List.of(
                sent("1", "http://127.0.0.1:8080/"), sent("2", "http://127.0.0.1:8080/js/main.js?v=1"),
                sent("3", "http://127.0.0.1:9090/api/v1/records"), finished("1", 1200), finished("2", 800), finished("3", 5000),
                event("Network.responseReceived", "{\"requestId\":\"3\",\"response\":{\"url\":\"http://127.0.0.1:9090/api/v1/records\"}}")));

        assertThat(bytes.from("http://127.0.0.1:8080")).isEqualTo(2000);
        assertThat(bytes.from("http://127.0.0.1:9090/api/v1")).isEqualTo(5000);
        assertThat(bytes.total()).isEqualTo(7000);
        assertThat(bytes.responses()).hasSize(3).element(1).asString().endsWith("800 B  http://127.0.0.1:8080/js/main.js");
    }

    @Test
    void aRedirectCountsItsOwnResponseAtTheOriginThatSentIt() {
        ReceivedBytes bytes = ReceivedBytes.of(List.of(
                sent("7", "http://127.0.0.1:8080/"),
                event("Network.requestWillBeSent", "{\"requestId\":\"7\",\"request\":{\"url\":\"http://127.0.0.1:8180/realms/gatehouse/auth\"},"
                        + "\"redirectResponse\":{\"url\":\"http://127.0.0.1:8080/\",\"encodedDataLength\":310}}"),
                finished("7", 4000)));

        assertThat(bytes.from("http://127.0.0.1:8080/")).isEqualTo(310);
        assertThat(bytes.from("http://127.0.0.1:8180/")).isEqualTo(4000);
    }

    @Test
    void aResponseWithoutItsRequestOrAFailedOneCountsNothing() {
        ReceivedBytes bytes = ReceivedBytes.of(List.of(finished("9", 999), sent("4", "data:,"),
                event("Network.loadingFailed", "{\"requestId\":\"4\"}"), event("Page.frameNavigated", "{}")));

        assertThat(bytes.total()).isZero();
        assertThat(bytes.byOrigin()).isEmpty();
    }
}
