package io.gatehouse.stack;

import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.keycloak.RealmImport;
import io.gatehouse.stack.keycloak.RealmSetup;
import io.gatehouse.stack.ldap.LdapServer;
import io.gatehouse.stack.liberty.LibertyServer;
import io.gatehouse.stack.mail.MailServer;
import io.gatehouse.stack.postgres.PostgresServer;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.web.WebServer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The running local stack. Servers start in parallel where they do not depend on each other (Keycloak waits
 * for PostgreSQL, the LDAP directory it federates and the mail server it sends to, Liberty for Cassandra); the first failure abandons the other starts, every server started so
 * far is stopped, and a {@link StartupException} naming the component is thrown. {@link #close()} stops
 * servers in the reverse order they became ready.
 */
public final class Stack implements AutoCloseable {
    private final StackConfig config;
    private final Consumer<String> out;
    private final Artifacts artifacts;
    private final Leftovers leftovers;
    private final List<String> realms;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final List<Running> started = Collections.synchronizedList(new ArrayList<>());
    private volatile Database database;
    private volatile KeycloakServer keycloak;
    private volatile CassandraServer cassandra;
    private volatile S3Server s3;
    private volatile LdapServer ldap;
    private volatile MailServer mail;
    private volatile LibertyServer liberty;
    private volatile WebServer web;
    private volatile CompletableFuture<Void> allStarts = CompletableFuture.completedFuture(null);

    /** A server that became ready, with how long that took. */
    public record Running(Component component, ServerProcess process, Duration readyIn, String endpoint) {
    }

    private Stack(StackConfig config, List<String> realms, Consumer<String> out) {
        this.config = config;
        this.realms = List.copyOf(realms);
        this.out = out;
        this.artifacts = new Artifacts(config.localMavenRepository(), config.mavenRepositoryUrl(), out);
        this.leftovers = new Leftovers(config.workDir());
    }

    /**
     * Starts the requested servers and those they need.
     *
     * @param realms realm representations (JSON) imported into Keycloak when it does not have them yet
     */
    public static Stack start(StackConfig config, Set<Component> components, List<String> realms, Consumer<String> out) {
        Stack stack = create(config, realms, out);
        stack.start(components);
        return stack;
    }

    /** A stack not started yet, so that a caller can hook {@link #close()} to JVM shutdown before starting it. */
    public static Stack create(StackConfig config, List<String> realms, Consumer<String> out) {
        return new Stack(config, realms, out);
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
        for (Running server : running()) {
            if (server.component() == component) {
                server.process().close();
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
        if (config.externalPostgresUrl().isPresent()) {
            all.remove(Component.POSTGRES);
        }
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
        long begin = System.nanoTime();
        switch (component) {
            case POSTGRES -> {
                PostgresServer postgres = PostgresServer.start(config, artifacts, aborted::get);
                database = new Database(postgres.jdbcUrl(), postgres.username(), postgres.password());
                ready(component, postgres.process(), begin, postgres.jdbcUrl());
            }
            case LDAP -> {
                ldap = LdapServer.start(config, aborted::get);
                ready(component, ldap.process(), begin, ldap.url() + " (" + LdapServer.BASE_DN + ")");
            }
            case MAIL -> {
                mail = MailServer.start(config, artifacts, aborted::get);
                ready(component, mail.process(), begin, mail.smtpUrl() + ", read at " + mail.imapUrl() + " (kept in memory)");
            }
            case KEYCLOAK -> {
                Database db = database != null ? database : externalDatabase();
                keycloak = KeycloakServer.start(config, artifacts, db, aborted::get);
                ready(component, keycloak.process(), begin, keycloak.url());
                importRealms();
            }
            case CASSANDRA -> {
                cassandra = CassandraServer.start(config, artifacts, aborted::get);
                ready(component, cassandra.process(), begin, "cql://" + cassandra.contactPoint());
            }
            case S3 -> {
                s3 = S3Server.start(config, artifacts, aborted::get);
                ready(component, s3.process(), begin, s3.endpoint() + " (bucket " + config.s3Bucket() + ")");
            }
            case LIBERTY -> {
                liberty = LibertyServer.start(config, aborted::get);
                ready(component, liberty.process(), begin, liberty.url());
            }
            case WEB -> {
                web = WebServer.start(config, aborted::get);
                ready(component, web.process(), begin, web.url());
            }
        }
    }

    private void ready(Component component, ServerProcess process, long begin, String endpoint) {
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        started.add(new Running(component, process, took, endpoint));
        leftovers.record(component, process.handle());
        out.accept(String.format("%-12s ready in %5.1f s  %s", component.displayName(), took.toMillis() / 1000.0, endpoint));
    }

    private void importRealms() {
        RealmImport realmImport = new RealmImport(config.keycloakUrl(), config.keycloakAdminUser(), config.keycloakAdminPassword());
        Map<String, String> placeholders = config.realmPlaceholders();
        for (String realm : realms) {
            try {
                if (realmImport.importIfMissing(realm, placeholders)) {
                    out.accept("Keycloak     realm imported");
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new StartupException(Component.KEYCLOAK, "realm import failed: " + e.getMessage(), e);
            }
        }
        if (!realms.isEmpty()) {
            try {
                ServiceLoader.load(RealmSetup.class).forEach(setup -> setup.apply(config, out));
            } catch (RuntimeException | ServiceConfigurationError e) {
                throw new StartupException(Component.KEYCLOAK, "applying the realm files failed: " + e.getMessage(), e);
            }
        }
    }

    private Database externalDatabase() {
        Settings settings = config.settings();
        return new Database(config.externalPostgresUrl().orElseThrow(),
                settings.get("gatehouse.postgres.user", PostgresServer.USER),
                settings.find("gatehouse.postgres.password").orElseThrow(() ->
                        new StartupException(Component.KEYCLOAK, "GATEHOUSE_POSTGRES_URL is set but GATEHOUSE_POSTGRES_PASSWORD is not")));
    }

    private static StartupException asStartupException(Component component, Throwable e) {
        return e instanceof StartupException startup ? startup : new StartupException(component, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
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

    public Database database() {
        return database;
    }

    public String keycloakUrl() {
        return require(keycloak, Component.KEYCLOAK).url();
    }

    /** Where a driver reaches Cassandra: the contact point, resolved. */
    public InetSocketAddress cassandraAddress() {
        String contactPoint = require(cassandra, Component.CASSANDRA).contactPoint();
        int colon = contactPoint.lastIndexOf(':');
        return new InetSocketAddress(contactPoint.substring(0, colon), Integer.parseInt(contactPoint.substring(colon + 1)));
    }

    public String s3Endpoint() {
        return require(s3, Component.S3).endpoint();
    }

    public String ldapUrl() {
        return require(ldap, Component.LDAP).url();
    }

    /** The IMAP port of the stack's mail server, where the mail Keycloak sent can be read. */
    public int imapPort() {
        require(mail, Component.MAIL);
        return config.imapPort();
    }

    public String libertyUrl() {
        return require(liberty, Component.LIBERTY).url();
    }

    public String webUrl() {
        return require(web, Component.WEB).url();
    }

    private static <T> T require(T server, Component component) {
        if (server == null) {
            throw new IllegalStateException(component.displayName() + " is not part of this stack");
        }
        return server;
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
                server.process().close();
            } catch (RuntimeException e) {
                out.accept(server.component().displayName() + ": could not be stopped cleanly: " + e.getMessage());
            }
            started.remove(server);
            leftovers.forget(server.component());
        }
    }
}
