package io.gatehouse.stack.s3;

import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerProcess;
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
public record S3Server(ServerProcess process, S3Settings settings) implements Server {

    public static S3Server start(Startup startup) {
        S3Settings settings = S3Settings.of(startup.config());
        Path jar = startup.artifacts().resolve("org.gaul:s3proxy:jar:jar-with-dependencies:" + startup.config().version("s3proxy"));
        Path work = startup.config().workDir().resolve("s3");
        Path properties = writeConfig(startup, settings, work);
        ServerProcess process = startup.run(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString(),
                        "--properties", properties.toString()),
                Map.of(), work, work.resolve("s3proxy.log"));
        startup.awaitReady(process, ServerProcess.listening(startup.config().host(), settings.port()));
        return new S3Server(process, settings);
    }

    private static Path writeConfig(Startup startup, S3Settings settings, Path work) {
        try {
            Path data = work.resolve("data");
            // On the filesystem backend a bucket is a folder under the base directory.
            Files.createDirectories(data.resolve(settings.bucket()));
            return LocalSecrets.writeOwnerOnly(work.resolve("s3proxy.properties"), String.join("\n",
                    "s3proxy.endpoint=" + settings.url(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + settings.accessKey(),
                    "s3proxy.credential=" + settings.secretKey(),
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
        } catch (IOException e) {
            throw startup.failure("cannot write its configuration under " + work + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return settings.url() + " (bucket " + settings.bucket() + ")";
    }
}
