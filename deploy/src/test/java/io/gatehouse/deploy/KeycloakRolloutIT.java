package io.gatehouse.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/keycloak-rollout against Keycloak's real check: two "images" (the previous and the current Keycloak
 * distribution, each built by the Keycloak Dockerfile's own ENV and RUN lines, metadata included) behind a stand-in for
 * {@code docker run} (no container engine here). A new minor version must recreate; the same build may roll.
 */
class KeycloakRolloutIT {
    private static final Path ROOT = Path.of(System.getProperty("gatehouse.project.dir", "..")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "keycloak-rollout").toAbsolutePath();
    private static final Path IMAGES = WORK.resolve("images");
    private static String previous;
    private static String current;

    @BeforeAll
    static void buildImages() throws Exception {
        current = "gatehouse/keycloak:" + System.getProperty("gatehouse.keycloak.version");
        previous = "gatehouse/keycloak:" + System.getProperty("gatehouse.keycloak.previous-version");
        for (String image : List.of(previous, current)) {
            String version = image.substring(image.indexOf(':') + 1);
            Path home = folder(image);
            if (!Files.exists(home.resolve("update-compatibility.json"))) {
                deleteTree(home);
                unzip(Path.of(System.getProperty("gatehouse.keycloak.dists"), "keycloak-quarkus-dist-" + version + ".zip"), "keycloak-" + version + "/", home);
                buildLikeTheDockerfile(home);
            }
        }
        Path bin = Files.createDirectories(WORK.resolve("bin"));
        try (InputStream docker = KeycloakRolloutIT.class.getResourceAsStream("docker")) {
            Files.copy(docker, bin.resolve("docker"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(bin.resolve("docker"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The distribution's files under {@code root} into {@code home}, its scripts executable (zip entries carry no modes here). */
    private static void unzip(Path zip, String root, Path home) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(archive.entries())) {
                if (!entry.getName().startsWith(root) || entry.isDirectory()) {
                    continue;
                }
                Path target = home.resolve(entry.getName().substring(root.length())).normalize();
                if (!target.startsWith(home)) {
                    throw new IOException(entry.getName() + " leaves the distribution's folder");
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                if (target.getFileName().toString().endsWith(".sh")) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Where the docker stand-in finds an image: a colon would end a Java class path, so it is an underscore. */
    private static Path folder(String image) {
        return IMAGES.resolve(image.replace(':', '_'));
    }

    /** The builder stage of deploy/containers/keycloak/Dockerfile: its ENV, its providers jar, its RUN lines. */
    private static void buildLikeTheDockerfile(Path home) throws Exception {
        List<String> lines = joined(Files.readAllLines(ROOT.resolve("deploy/containers/keycloak/Dockerfile")));
        Map<String, String> environment = new HashMap<>();
        List<String> runs = new ArrayList<>();
        boolean builder = false;
        for (String line : lines) {
            if (line.startsWith("FROM ")) {
                builder = line.endsWith(" AS builder");
            } else if (builder && line.startsWith("ENV ")) {
                for (String pair : line.substring(4).trim().split("\\s+")) {
                    environment.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            } else if (builder && line.startsWith("RUN ")) {
                runs.add(line.substring(4).replace("/opt/keycloak", home.toString()));
            }
        }
        assertThat(runs).as("the Dockerfile builds and writes the compatibility metadata").hasSize(2);
        try (Stream<Path> jars = Files.list(ROOT.resolve("keycloak-providers/target"))) {
            Path jar = jars.filter(path -> path.getFileName().toString().matches("gatehouse-keycloak-providers-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("keycloak-providers is not built"));
            Files.copy(jar, home.resolve("providers/gatehouse-keycloak-providers.jar"), StandardCopyOption.REPLACE_EXISTING);
        }
        for (String run : runs) {
            ProcessBuilder builderProcess = new ProcessBuilder("bash", "-c", run).redirectErrorStream(true)
                    .redirectOutput(WORK.resolve("build-" + home.getFileName() + ".log").toFile());
            builderProcess.environment().putAll(environment);
            builderProcess.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builderProcess.start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as(run).isZero();
        }
    }

    /** Dockerfile lines with their continuations joined, comments dropped. */
    private static List<String> joined(List<String> raw) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String part : raw) {
            if (part.startsWith("#")) {
                continue;
            }
            if (part.endsWith("\\")) {
                line.append(part, 0, part.length() - 1).append(' ');
            } else {
                lines.add(line.append(part).toString().trim());
                line.setLength(0);
            }
        }
        return lines;
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result rollout(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("deploy/keycloak-rollout").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(WORK.resolve("rollout.err").toFile());
        builder.environment().put("PATH", WORK.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("GATEHOUSE_TEST_IMAGES", IMAGES.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), stdout, Files.readString(WORK.resolve("rollout.err")));
    }

    @Test
    void aNewKeycloakVersionIsRecreated() throws Exception {
        Result result = rollout(previous, current);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("recreate\n");
        assertThat(result.stderr()).contains("Rolling Update is not available").contains("incompatible");
    }

    @Test
    void theSameBuildAgainMayRoll() throws Exception {
        Result result = rollout(current, current);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("rolling\n");
        assertThat(result.stderr()).contains("[OK] Rolling Update is available.");
    }

    @Test
    void anImageWithoutMetadataOrAnUnknownImageStopsTheRollout() throws Exception {
        Path bare = folder("gatehouse/keycloak:bare");
        Files.createDirectories(bare);
        Result noMetadata = rollout("gatehouse/keycloak:bare", current);
        assertThat(noMetadata.exitCode()).isEqualTo(1);
        assertThat(noMetadata.stdout()).isEmpty();
        assertThat(noMetadata.stderr().strip()).startsWith("keycloak-rollout: cannot read /opt/keycloak/update-compatibility.json from gatehouse/keycloak:bare");

        Result unknown = rollout(current, "gatehouse/keycloak:missing");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stdout()).isEmpty();
        assertThat(unknown.stderr()).contains("keycloak-rollout: the compatibility check of gatehouse/keycloak:missing failed with exit code 125");

        Result usage = rollout(current);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.stderr()).contains("deploy/keycloak-rollout <running image> <new image>");
    }
}
