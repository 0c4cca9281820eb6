package io.gatehouse.app.reliability;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.ProcessMemory;
import io.gatehouse.stack.ProcessStatus;
import io.gatehouse.stack.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples every server of a stack every few seconds from Linux's /proc: the resident memory of each (its processes
 * and their children), and the threads and open file descriptors of Liberty's JVM, for a soak's "flat" checks.
 */
final class ServerSampler implements AutoCloseable {
    private final Stack stack;

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "server-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** One reading: when (epoch ms), RSS in MiB by server, Liberty's JVM threads and descriptors. */
    record Sample(long takenMillis, Map<String, Long> rssMiB, long libertyThreads, long libertyOpenFiles) {
    }

    ServerSampler(Stack stack, int everySeconds) {
        this.stack = stack;
        timer.scheduleAtFixedRate(this::sample, 0, everySeconds, TimeUnit.SECONDS);
    }

    private void sample() {
        Map<String, Long> rss = new TreeMap<>();
        long threads = -1;
        long files = -1;
        for (Stack.Running server : stack.running()) {
            rss.put(server.component().displayName(), server.server().processes().stream()
                    .mapToLong(process -> ProcessMemory.rssMiB(process.handle())).filter(v -> v >= 0).sum());
            if (server.component() == Component.LIBERTY) {
                // The JVM is the process of the tree with the most threads (a start script may sit above it).
                ProcessHandle jvm = Stream.concat(Stream.of(server.process().handle()), server.process().handle().descendants())
                        .max(Comparator.comparingLong(ServerSampler::threads)).orElseThrow();
                threads = threads(jvm);
                files = openFiles(jvm);
            }
        }
        samples.add(new Sample(System.currentTimeMillis(), rss, threads, files));
    }

    private static long threads(ProcessHandle process) {
        return ProcessStatus.value(process, "Threads:");
    }

    private static long openFiles(ProcessHandle process) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }

    /** The samples taken at or after the instant (epoch ms). */
    List<Sample> since(long millis) {
        return new ArrayList<>(samples.stream().filter(sample -> sample.takenMillis() >= millis).toList());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
