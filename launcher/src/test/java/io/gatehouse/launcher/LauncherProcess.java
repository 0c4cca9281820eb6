package io.gatehouse.launcher;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Settings;
import io.gatehouse.stack.StackConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher as a user runs it: its own JVM, with data under target/. Its descendants are sampled while it runs,
 * so none can escape the final check.
 */
final class LauncherProcess {
    private final Process process;
    private final Path log;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

    private LauncherProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread sampler = new Thread(() -> {
            while (process.isAlive()) {
                process.descendants().forEach(seen::add);
                sleep(200);
            }
        }, "descendant-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** A new, empty work folder. Not a temp directory: those are owner-only, and PostgreSQL under root runs as 'nobody'. */
    static Path newWorkDir(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "launcher-it-" + name + "-" + System.nanoTime()).toAbsolutePath());
    }

    /** Every server on any free port. */
    static LauncherProcess start(String mode, Map<String, String> overrides) throws IOException {
        return start(mode, newWorkDir(mode), StackConfig.anyFreePorts(), overrides);
    }

    /**
     * Runs {@code gatehouse MODE} on this work folder with these settings (keys as in {@link StackConfig}), its output
     * in a log of its own next to the data.
     */
    static LauncherProcess start(String mode, Path work, Map<String, String> settings, Map<String, String> overrides) throws IOException {
        Path log = work.resolve("launcher-" + mode + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GatehouseLauncher.class.getName(), mode)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        settings.forEach((key, value) -> environment.put(Settings.environmentName(key), value));
        environment.put("GATEHOUSE_WORK_DIR", work.toString());
        environment.put("GATEHOUSE_PROJECT_DIR", projectDir().toString());
        environment.putAll(overrides);
        return new LauncherProcess(builder.start(), log);
    }

    static Path projectDir() {
        return Path.of(System.getProperty("gatehouse.project.dir", Path.of("..").toAbsolutePath().normalize().toString()));
    }

    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            process.waitFor(2, TimeUnit.MINUTES);
            throw new AssertionError("launcher did not finish within " + limit + ":\n" + output());
        }
        return process.exitValue();
    }

    void awaitOutput(String line, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!output().contains(line)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroy();
                throw new AssertionError("launcher never printed '" + line + "':\n" + output());
            }
            sleep(500);
        }
    }

    /** Ctrl-C: SIGTERM to the launcher, which stops every server through its handle. */
    void stop() throws InterruptedException {
        process.destroy();
        awaitExit(Duration.ofMinutes(2));
        assertThat(output()).contains("Gatehouse: stopped");
        assertNoServerLeft();
    }

    /** A crash of the whole machine's worth of processes: SIGKILL to the launcher and every process under it, at once. */
    void killEverything() throws InterruptedException {
        List<ProcessHandle> all = process.descendants().toList();
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(30, TimeUnit.SECONDS);
        for (ProcessHandle handle : all) {
            handle.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
        assertNoServerLeft();
    }

    /** The launcher's JVM alone killed with SIGKILL, as the OOM killer would: its servers are left running. Returns them. */
    List<ProcessHandle> killLauncherOnly() throws InterruptedException {
        List<ProcessHandle> servers = process.descendants().toList();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        return servers;
    }

    /** Each port setting of the stack with a free port picked now, so that starts on one work folder use the same ones. */
    static Map<String, String> fixedFreePorts() {
        StackConfig anyFree = StackConfig.load(new Settings(StackConfig.anyFreePorts(), Map.of()));
        Map<String, String> ports = new HashMap<>();
        Component.ports(anyFree).forEach((key, port) -> ports.put(key, Integer.toString(port)));
        return ports;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Set<ProcessHandle> seen() {
        return Set.copyOf(seen);
    }

    void assertNoServerLeft() {
        assertThat(process.isAlive()).isFalse();
        assertThat(seen).as("processes the launcher started").allSatisfy(child ->
                assertThat(child.isAlive()).as("pid %d %s still running", child.pid(), child.info().command().orElse("")).isFalse());
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
