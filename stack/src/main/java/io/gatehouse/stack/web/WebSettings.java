package io.gatehouse.stack.web;

import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.StackConfig;

import java.nio.file.Path;
import java.util.Map;

/** Where the web front-end listens, and the built site it serves. */
public record WebSettings(StackConfig stack, int port) implements ServerSettings {
    public static WebSettings of(StackConfig stack) {
        return new WebSettings(stack, stack.port("gatehouse.web.port", 18081));
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("gatehouse.web.port", port);
    }

    public String url() {
        return stack.url(port);
    }

    /** The built front-end (what a deploy uploads to S3). */
    public Path siteDir() {
        return stack.path("gatehouse.web.site.dir", stack.projectDir().resolve("web/target/site"));
    }
}
