package io.gatehouse.stack.s3;

import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.Artifacts;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Ports;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.StartupException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * S3Proxy (a real S3 API server, from Maven Central) on the filesystem backend, with the archive bucket
 * present. Clients sign requests (AWS v2 or v4) with the access key and the generated secret key.
 */
public final class S3Server implements AutoCloseable {
    private final ServerProcess process;
    private final String endpoint;

    private S3Server(ServerProcess process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static S3Server start(StackConfig config, Artifacts artifacts, BooleanSupplier aborted) {
        Ports.requireFree(Component.S3, config.host(), config.s3Port(), "gatehouse.s3.port");
        Path jar = artifacts.resolve("org.gaul:s3proxy:jar:jar-with-dependencies:" + config.version("s3proxy"));
        Path work = config.workDir().resolve("s3");
        Path properties = writeConfig(config, work);
        ServerProcess process = ServerProcess.start(Component.S3,
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString(),
                        "--properties", properties.toString()),
                Map.of(), work, work.resolve("s3proxy.log"));
        process.awaitReady(ServerProcess.listening(config.host(), config.s3Port()), config.startTimeout(), aborted);
        return new S3Server(process, config.s3Url());
    }

    private static Path writeConfig(StackConfig config, Path work) {
        try {
            Path data = work.resolve("data");
            // On the filesystem backend a bucket is a folder under the base directory.
            Files.createDirectories(data.resolve(config.s3Bucket()));
            return LocalSecrets.writeOwnerOnly(work.resolve("s3proxy.properties"), String.join("\n",
                    "s3proxy.endpoint=" + config.s3Url(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + config.s3AccessKey(),
                    "s3proxy.credential=" + config.s3SecretKey(),
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
        } catch (IOException e) {
            throw new StartupException(Component.S3, "cannot write its configuration under " + work + ": " + e.getMessage(), e);
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
