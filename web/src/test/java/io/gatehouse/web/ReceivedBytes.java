package io.gatehouse.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the browser received over the network, by origin: Chromium's own count (status line, headers and the body as
 * sent, compressed or not) from the DevTools Network events in its performance log. A response served from the
 * browser's cache counts 0; a redirect counts its own response. {@code responses} lists each response's bytes and
 * address (without its query), in order.
 */
public record ReceivedBytes(Map<String, Long> byOrigin, List<String> responses) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#]+");

    static ReceivedBytes of(List<String> performanceLog) {
        Map<String, String> urlOfRequest = new HashMap<>();
        Map<String, Long> byOrigin = new TreeMap<>();
        List<String> responses = new ArrayList<>();
        for (String entry : performanceLog) {
            JsonNode message = read(entry).path("message");
            JsonNode params = message.path("params");
            String requestId = params.path("requestId").asText();
            switch (message.path("method").asText()) {
                case "Network.requestWillBeSent" -> {
                    JsonNode redirect = params.path("redirectResponse");
                    if (!redirect.isMissingNode()) {
                        count(redirect.path("url").asText(), redirect.path("encodedDataLength").asLong(), byOrigin, responses);
                    }
                    urlOfRequest.put(requestId, params.path("request").path("url").asText());
                }
                case "Network.loadingFinished" -> {
                    String url = urlOfRequest.get(requestId);
                    if (url != null) {
                        count(url, params.path("encodedDataLength").asLong(), byOrigin, responses);
                    }
                }
                default -> {
                }
            }
        }
        return new ReceivedBytes(Map.copyOf(byOrigin), List.copyOf(responses));
    }

    private static void count(String url, long bytes, Map<String, Long> byOrigin, List<String> responses) {
        byOrigin.merge(origin(url), bytes, Long::sum);
        responses.add(String.format("%,9d B  %s", bytes, url.replaceAll("[?#].*", "")));
    }

    /** Bytes received from {@code url}'s origin. */
    public long from(String url) {
        return byOrigin.getOrDefault(origin(url), 0L);
    }

    public long total() {
        return byOrigin.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Scheme, host and port; {@code data:} and the like stand for themselves. */
    private static String origin(String url) {
        Matcher origin = ORIGIN.matcher(url);
        return origin.lookingAt() ? origin.group() : url.substring(0, url.indexOf(':') + 1);
    }

    private static JsonNode read(String entry) {
        try {
            return JSON.readTree(entry);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
