package io.gatehouse.stack.s3;

import io.gatehouse.stack.ServerSettings;
import io.gatehouse.stack.StackConfig;

import java.util.Map;

/** Where the S3 server listens, the archive bucket and the keys clients sign with. */
public record S3Settings(StackConfig stack, int port) implements ServerSettings {
    public static S3Settings of(StackConfig stack) {
        return new S3Settings(stack, stack.port("gatehouse.s3.port", 18333));
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("gatehouse.s3.port", port);
    }

    public String url() {
        return stack.url(port);
    }

    public String bucket() {
        return stack.settings().get("gatehouse.s3.bucket", "gatehouse-archive");
    }

    public String accessKey() {
        return stack.settings().get("gatehouse.s3.access-key", "gatehouse-local");
    }

    public String secretKey() {
        return stack.secret("gatehouse.s3.secret-key", "s3-secret-key");
    }
}
