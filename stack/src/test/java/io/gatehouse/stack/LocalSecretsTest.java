package io.gatehouse.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LocalSecretsTest {
    @TempDir
    Path work;

    @Test
    void aSecretIsGeneratedOnceStoredOwnerOnlyAndReadBackByTheNextStart() throws Exception {
        Path folder = work.resolve("secrets");
        String first = new LocalSecrets(folder).get("db");
        assertThat(first).hasSize(24);
        assertThat(new LocalSecrets(folder).get("db")).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("db")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        try (var files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString()).toList()).as("no temporary file left").containsExactly("db");
        }
    }

    @Test
    void manyProcessesAskingAtOnceAllGetTheOneValueThatWasStored() throws Exception {
        Path folder = work.resolve("secrets");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // One instance per caller, as separate processes would have: the in-process lock does not help them.
            List<Callable<String>> callers = IntStream.range(0, 32).<Callable<String>>mapToObj(i -> () -> new LocalSecrets(folder).get("s3")).toList();
            List<String> values = pool.invokeAll(callers).stream().map(LocalSecretsTest::value).distinct().toList();
            assertThat(values).hasSize(1);
            assertThat(Files.readString(folder.resolve("s3"))).isEqualTo(values.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmptySecretLeftByAWriteCutOffIsReplacedNotUsed() throws Exception {
        Path folder = Files.createDirectories(work.resolve("secrets"));
        Files.createFile(folder.resolve("admin"));
        String value = new LocalSecrets(folder).get("admin");
        assertThat(value).hasSize(24);
        assertThat(Files.readString(folder.resolve("admin"))).isEqualTo(value);
    }

    @Test
    void aFileHoldingASecretIsReplacedWholeAndOwnerOnly() throws Exception {
        Path file = work.resolve("conf/server.env");
        LocalSecrets.writeOwnerOnly(file, "TOKEN=one");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        LocalSecrets.writeOwnerOnly(file, "TOKEN=two");
        assertThat(Files.readString(file)).isEqualTo("TOKEN=two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.count()).as("no temporary file left").isEqualTo(1);
        }
    }

    private static String value(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
