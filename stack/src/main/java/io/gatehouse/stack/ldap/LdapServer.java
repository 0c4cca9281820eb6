package io.gatehouse.stack.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import io.gatehouse.stack.JavaCommand;
import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerConfig;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.Startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo company Globex's LDAP directory, which Keycloak federates read-only: UnboundID's in-memory server
 * (from Maven Central) in a JVM of its own ({@link Directory}), its entries kept in {@code .work/ldap/directory.ldif}
 * across restarts like a real directory's database, seeded from {@code globex.ldif} with what it does not hold yet.
 * Entries keep their {@code entryUUID}, so Keycloak's federation link, and with it each user's id, survives restarts.
 * Keycloak binds as {@link #BIND_DN} with a generated password that is written only into owner-only files.
 */
public record LdapServer(ServerProcess process, Config config) implements Server {
    public static final String BASE_DN = "dc=globex,dc=test";
    public static final String BIND_DN = "cn=keycloak,ou=services," + BASE_DN;
    private static final String LDIF = "globex.ldif";
    private static final String DATA_FILE = "directory.ldif";

    /** Where it listens, and the password Keycloak binds with (read-only use). */
    public record Config(StackConfig stack, int port) implements ServerConfig {
        public static Config of(StackConfig stack) {
            return new Config(stack, stack.port("gatehouse.ldap.port", 18389));
        }

        @Override
        public Map<String, Integer> ports() {
            return Map.of("gatehouse.ldap.port", port);
        }

        public String url() {
            return "ldap://" + stack.host() + ":" + port;
        }

        public String bindPassword() {
            return stack.secret("gatehouse.ldap.bind-password", "ldap-bind-password");
        }
    }

    public static LdapServer start(Startup startup) {
        Config config = Config.of(startup.config());
        Path work = startup.config().workDir().resolve("ldap");
        Path ldif = writeLdif(startup, config, work);
        ServerProcess process = startup.run(
                JavaCommand.of("128m", Directory.class, List.of(InMemoryDirectoryServer.class),
                        BASE_DN, startup.config().host(), Integer.toString(config.port()), ldif.toString(),
                        work.resolve(DATA_FILE).toString(), BIND_DN),
                Map.of(), work, work.resolve("ldap.log"));
        startup.awaitReady(process, ServerProcess.listening(startup.config().host(), config.port()));
        return new LdapServer(process, config);
    }

    /** The directory's entries as shipped (LDIF), the bind password still a placeholder. */
    public static String entries() {
        try (InputStream in = LdapServer.class.getResourceAsStream(LDIF)) {
            if (in == null) {
                throw new IllegalStateException(LDIF + " is missing from the stack jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The seed entries with the bind password filled in, readable by this user only. */
    private static Path writeLdif(Startup startup, Config config, Path work) {
        try {
            return LocalSecrets.writeOwnerOnly(work.resolve(LDIF), entries().replace("${GATEHOUSE_LDAP_BIND_PASSWORD}", config.bindPassword()));
        } catch (IOException e) {
            throw startup.failure("cannot write its entries under " + work + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return config.url() + " (" + BASE_DN + ")";
    }
}
