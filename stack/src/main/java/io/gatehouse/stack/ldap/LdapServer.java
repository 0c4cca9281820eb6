package io.gatehouse.stack.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import io.gatehouse.stack.JavaCommand;
import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.Server;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.Startup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
public record LdapServer(ServerProcess process, LdapSettings settings) implements Server {
    public static final String BASE_DN = "dc=globex,dc=test";
    public static final String BIND_DN = "cn=keycloak,ou=services," + BASE_DN;
    private static final String LDIF = "globex.ldif";
    private static final String DATA_FILE = "directory.ldif";

    public static LdapServer start(Startup startup) {
        LdapSettings settings = LdapSettings.of(startup.config());
        Path work = startup.config().workDir().resolve("ldap");
        Path ldif = writeLdif(startup, settings, work);
        ServerProcess process = startup.run(
                JavaCommand.of("128m", Directory.class, List.of(InMemoryDirectoryServer.class),
                        BASE_DN, startup.config().host(), Integer.toString(settings.port()), ldif.toString(),
                        work.resolve(DATA_FILE).toString(), BIND_DN),
                Map.of(), work, work.resolve("ldap.log"));
        startup.awaitReady(process, ServerProcess.listening(startup.config().host(), settings.port()));
        return new LdapServer(process, settings);
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
    private static Path writeLdif(Startup startup, LdapSettings settings, Path work) {
        try {
            return LocalSecrets.writeOwnerOnly(work.resolve(LDIF), entries().replace("${GATEHOUSE_LDAP_BIND_PASSWORD}", settings.bindPassword()));
        } catch (IOException e) {
            throw startup.failure("cannot write its entries under " + work + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String endpoint() {
        return settings.url() + " (" + BASE_DN + ")";
    }
}
