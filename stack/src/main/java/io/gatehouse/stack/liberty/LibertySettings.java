package io.gatehouse.stack.liberty;

import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.StackConfig;

import java.nio.file.Path;
import java.util.Map;

/** Where Open Liberty listens, and the server the liberty module built. */
public record LibertySettings(StackConfig stack, int port) implements ServerSettings {
    public static LibertySettings of(StackConfig stack) {
        return new LibertySettings(stack, stack.port("gatehouse.liberty.port", 19080));
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("gatehouse.liberty.port", port);
    }

    public String url() {
        return stack.url(port);
    }

    public String apiUrl() {
        return url() + "/api/v1";
    }

    /** The Liberty installation the liberty module builds, holding the server with the app. */
    public Path dir() {
        return stack.path("gatehouse.liberty.dir", stack.projectDir().resolve("liberty/target/liberty/wlp"));
    }

    public String serverName() {
        return stack.settings().get("gatehouse.liberty.server", "gatehouse");
    }
}
