package io.gatehouse.stack.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import io.gatehouse.stack.JavaCommand;
import io.gatehouse.stack.LocalSecrets;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Ports;
import io.gatehouse.stack.ServerProcess;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.StartupException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The demo company Globex's LDAP directory, which Keycloak federates read-only: UnboundID's in-memory server
 * (from Maven Central) in a JVM of its own ({@link Directory}), its entries kept in {@code .work/ldap/directory.ldif}
 * across restarts like a real directory's database, seeded from {@code globex.ldif} with what it does not hold yet.
 * Entries keep their {@code entryUUID}, so Keycloak's federation link, and with it each user's id, survives restarts.
 * Keycloak binds as {@link #BIND_DN} with a generated password that is written only into owner-only files.
 */
public final class LdapServer implements AutoCloseable {
    public static final String BASE_DN = "dc=globex,dc=test";
    public static final String BIND_DN = "cn=keycloak,ou=services," + BASE_DN;
    private static final String LDIF = "globex.ldif";
    private static final String DATA_FILE = "directory.ldif";
    private final ServerProcess process;
    private final String url;

    private LdapServer(ServerProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    public static LdapServer start(StackConfig config, BooleanSupplier aborted) {
        Ports.requireFree(Component.LDAP, config.host(), config.ldapPort(), "gatehouse.ldap.port");
        Path work = config.workDir().resolve("ldap");
        Path ldif = writeLdif(config, work);
        ServerProcess process = ServerProcess.start(Component.LDAP,
                JavaCommand.of("128m", Directory.class, List.of(InMemoryDirectoryServer.class),
                        BASE_DN, config.host(), Integer.toString(config.ldapPort()), ldif.toString(),
                        work.resolve(DATA_FILE).toString(), BIND_DN),
                Map.of(), work, work.resolve("ldap.log"));
        process.awaitReady(ServerProcess.listening(config.host(), config.ldapPort()), config.startTimeout(), aborted);
        return new LdapServer(process, config.ldapUrl());
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
    private static Path writeLdif(StackConfig config, Path work) {
        try {
            return LocalSecrets.writeOwnerOnly(work.resolve(LDIF), entries().replace("${GATEHOUSE_LDAP_BIND_PASSWORD}", config.ldapBindPassword()));
        } catch (IOException e) {
            throw new StartupException(Component.LDAP, "cannot write its entries under " + work + ": " + e.getMessage(), e);
        }
    }

    public String url() {
        return url;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
