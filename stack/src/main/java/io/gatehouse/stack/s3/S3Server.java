package io.gatehouse.stack.s3;

import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerConfig;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * S3Proxy (a real S3 API server, from Maven Central) on the filesystem backend, with the archive bucket
 * present. Clients sign requests (AWS v2 or v4) with the access key and the generated secret key.
 */
public record S3Server(ServerProcess process, Config config) implements Server {

    /** Where it listens, the archive bucket and the keys clients sign with. */
    public record Config(StackConfig stack, int port) implements ServerConfig {
        public static Config of(StackConfig stack) {
            return new Config(stack, stack.port("gatehouse.s3.port", 18333));
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

    public static S3Server start(Startup startup) {
        Config config = Config.of(startup.config());
        Path jar = startup.artifacts().resolve("org.gaul:s3proxy:jar:jar-with-dependencies:" + startup.config().version("s3proxy"));
        Path work = startup.config().workDir().resolve("s3");
        Path properties = writeConfig(startup, config, work);
        ServerProcess process = startup.run(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString(),
                        "--properties", properties.toString()),
                Map.of(), work, work.resolve("s3proxy.log"));
        startup.awaitReady(process, ServerProcess.listening(startup.config().host(), config.port()));
        return new S3Server(process, config);
    }

    private static Path writeConfig(Startup startup, Config config, Path work) {
        try {
            Path data = work.resolve("data");
            // On the filesystem backend a bucket is a folder under the base directory.
            Files.createDirectories(data.resolve(config.bucket()));
            return LocalSecrets.writeOwnerOnly(work.resolve("s3proxy.properties"), String.join("\n",
                    "s3proxy.endpoint=" + config.url(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + config.accessKey(),
                    "s3proxy.credential=" + config.secretKey(),
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
        } catch (IOException e) {
            throw startup.failure("cannot write its configuration under " + work + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return config.url() + " (bucket " + config.bucket() + ")";
    }
}
