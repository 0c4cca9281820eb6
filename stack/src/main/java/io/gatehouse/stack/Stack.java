package io.gatehouse.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The running local stack: the servers it started, by {@link Component}, each reached as {@link #server(Class)}. Servers
 * start in parallel where they do not depend on each other (as each component's requirements say); the first failure
 * abandons the other starts, every server started so far is stopped, and a {@link StartupException} naming the server
 * is thrown. {@link #close()} stops servers in the reverse order they became ready.
 */
public final class Stack implements AutoCloseable {
    private final StackConfig config;
    private final Consumer<String> out;
    private final Artifacts artifacts;
    private final Leftovers leftovers;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final List<Running> started = Collections.synchronizedList(new ArrayList<>());
    private volatile CompletableFuture<Void> allStarts = CompletableFuture.completedFuture(null);

    /** A server that became ready, with how long that took. */
    public record Running(Component component, Server server, Duration readyIn) {
        public ServerProcess process() {
            return server.process();
        }
    }

    private Stack(StackConfig config, Consumer<String> out) {
        this.config = config;
        this.out = out;
        this.artifacts = new Artifacts(config.localMavenRepository(), config.mavenRepositoryUrl(), out);
        this.leftovers = new Leftovers(config.workDir());
    }

    /** Starts the requested servers and those they need; Keycloak gets the realm files of keycloak-realm. */
    public static Stack start(StackConfig config, Set<Component> components, Consumer<String> out) {
        Stack stack = create(config, out);
        stack.start(components);
        return stack;
    }

    /** A stack not started yet, so that a caller can hook {@link #close()} to JVM shutdown before starting it. */
    public static Stack create(StackConfig config, Consumer<String> out) {
        return new Stack(config, out);
    }

    /** Starts the requested servers and those they need, skipping any already running; a server that died is started again. */
    public void start(Set<Component> components) {
        started.removeIf(server -> !server.process().isAlive());
        Set<Component> missing = withRequirements(components, config);
        running().forEach(server -> missing.remove(server.component()));
        startAll(missing);
    }

    /**
     * Stops one server (for outage tests); {@link #start(Set)} brings it back on the same ports and data.
     * Servers that need it keep running and must cope, as they would in production.
     */
    public void stop(Component component) {
        remove(component, Server::close);
    }

    /**
     * SIGKILL of one server's processes, as a crash (for fault tests); {@link #start(Set)} brings it back on the same
     * ports and data. Servers that need it keep running and must cope.
     */
    public void kill(Component component) {
        remove(component, server -> server.processes().forEach(ServerProcess::kill));
    }

    /** Ends the component's server the given way and forgets it, so that {@link #start(Set)} starts it afresh. */
    private void remove(Component component, Consumer<Server> end) {
        for (Running server : running()) {
            if (server.component() == component) {
                end.accept(server.server());
                started.remove(server);
                leftovers.forget(component);
            }
        }
    }

    /**
     * Stops one server through its process handle and starts it again on the same data and ports, as an operator
     * restarting it would; servers that need it keep running and must cope. Returns how long it took to be ready again.
     */
    public Duration restart(Component component) {
        if (running().stream().noneMatch(server -> server.component() == component)) {
            throw new IllegalStateException(component.displayName() + " is not running in this stack");
        }
        stop(component);
        long begin = System.nanoTime();
        start(EnumSet.of(component));
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    static Set<Component> withRequirements(Set<Component> requested, StackConfig config) {
        Set<Component> all = EnumSet.noneOf(Component.class);
        List<Component> pending = new ArrayList<>(requested);
        while (!pending.isEmpty()) {
            Component component = pending.remove(pending.size() - 1);
            if (all.add(component)) {
                pending.addAll(List.of(component.requires()));
            }
        }
        all.removeIf(component -> component.settings(config).runsElsewhere());
        return all;
    }

    private void startAll(Set<Component> components) {
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "gatehouse-stack-start");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        Map<Component, CompletableFuture<Void>> starts = new EnumMap<>(Component.class);
        try {
            // Enum order lists every component after those it requires.
            for (Component component : Component.values()) {
                if (!components.contains(component)) {
                    continue;
                }
                CompletableFuture<?>[] requirements = List.of(component.requires()).stream()
                        .filter(starts::containsKey).map(starts::get).toArray(CompletableFuture[]::new);
                starts.put(component, CompletableFuture.allOf(requirements).thenRunAsync(() -> {
                    try {
                        startOne(component);
                    } catch (RuntimeException | Error e) {
                        // An Error too (a missing class, say): left out, the stack would report ready without this server.
                        aborted.set(true);
                        firstFailure.compareAndSet(null, asStartupException(component, e));
                        throw e;
                    }
                }, pool));
            }
            allStarts = CompletableFuture.allOf(starts.values().toArray(CompletableFuture[]::new));
            try {
                allStarts.join();
            } catch (CompletionException e) {
                // reported through firstFailure
            }
            if (firstFailure.get() != null) {
                close();
                throw firstFailure.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void startOne(Component component) {
        leftovers.stop(component).ifPresent(out);
        component.settings(config).ports().forEach((key, port) -> Ports.requireFree(component.displayName(), config.host(), port, key));
        long begin = System.nanoTime();
        Server server = component.start(new Startup(component.displayName(), config, artifacts, aborted::get, out,
                running().stream().map(Running::server).toList()));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        started.add(new Running(component, server, took));
        // With their children: a script that starts the JVM (kc.sh) may die alone and leave it running.
        leftovers.record(component, server.processes().stream().map(ServerProcess::handle)
                .flatMap(process -> Stream.concat(Stream.of(process), process.descendants())).toList());
        out.accept(String.format("%-12s ready in %5.1f s  %s", component.displayName(), took.toMillis() / 1000.0, server.endpoint()));
    }

    private static StartupException asStartupException(Component component, Throwable e) {
        return e instanceof StartupException startup ? startup : new StartupException(component.displayName(), e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    public StackConfig config() {
        return config;
    }

    /** Servers in the order they became ready. */
    public List<Running> running() {
        synchronized (started) {
            return List.copyOf(started);
        }
    }

    /** The running server of this kind; an error when the stack has none. */
    public <S extends Server> S server(Class<S> type) {
        return running().stream().map(Running::server).filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException(type.getSimpleName() + " is not running in this stack"));
    }

    /**
     * Stops every started server, the last to become ready first. Starts still under way are abandoned first
     * (each stops its own process), so a shutdown during start-up leaves nothing behind. Safe to call twice.
     */
    @Override
    public void close() {
        aborted.set(true);
        try {
            allStarts.get(60, TimeUnit.SECONDS);
        } catch (Exception failedOrInterrupted) {
            // the starts have ended one way or another; what did start is in the list below
        }
        List<Running> toStop = running();
        for (int i = toStop.size() - 1; i >= 0; i--) {
            Running server = toStop.get(i);
            try {
                server.server().close();
            } catch (RuntimeException e) {
                out.accept(server.component().displayName() + ": could not be stopped cleanly: " + e.getMessage());
            }
            started.remove(server);
            leftovers.forget(server.component());
        }
    }
}
