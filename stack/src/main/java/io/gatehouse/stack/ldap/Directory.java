package io.gatehouse.stack.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link LdapServer} runs: UnboundID's in-memory directory server, listening on one address only
 * (its command-line tool always listens on every interface), and kept on disk the way a real directory keeps its
 * database: every entry with its operational attributes ({@code entryUUID} above all, which Keycloak's federation
 * links users by) is written to the data file after each change, before the change is acknowledged, and read back
 * on the next start. The seed LDIF only adds the entries the data file does not hold yet; the bind account's
 * password always comes from the seed, since the stack owns that secret. Writes (add, modify, delete, rename, a password
 * change by extended operation) are persisted one at a time.
 * Arguments: base DN, listen address, port, seed LDIF, data file, bind DN. It serves until its process is stopped.
 */
public final class Directory {
    private final InMemoryDirectoryServer server;
    private final Path dataFile;

    private Directory(InMemoryDirectoryServer server, Path dataFile) {
        this.server = server;
        this.dataFile = dataFile;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: Directory BASE_DN ADDRESS PORT SEED_LDIF DATA_FILE BIND_DN");
            System.exit(2);
        }
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(args[0]);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName(args[1]), Integer.parseInt(args[2]), null));
        // Anonymous clients may bind but not read: Keycloak binds with its own DN and password.
        config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH, OperationType.COMPARE);
        Path dataFile = Path.of(args[4]);
        PersistAfterWrites persistence = new PersistAfterWrites();
        config.addInMemoryOperationInterceptor(persistence);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        Directory directory = new Directory(server, dataFile);
        String loaded = directory.load(Path.of(args[3]), args[5]);
        persistence.directory = directory;
        server.startListening();
        System.out.println("directory " + args[0] + " " + loaded + ", listening on " + args[1] + ":" + server.getListenPort());
    }

    /** Reads the data file (if any), adds the seed entries it lacks, sets the bind password, and writes the result. */
    private String load(Path seed, String bindDn) throws LDAPException, IOException, LDIFException {
        int kept = Files.exists(dataFile) ? server.importFromLDIF(true, new LDIFReader(dataFile.toFile())) : 0;
        int added = 0;
        for (Entry entry : read(seed)) {
            if (server.getEntry(entry.getDN()) == null) {
                server.add(entry);
                added++;
            } else if (entry.getDN().equalsIgnoreCase(bindDn) && entry.hasAttribute("userPassword")) {
                server.modify(entry.getDN(), new Modification(ModificationType.REPLACE, "userPassword", entry.getAttributeValue("userPassword")));
            }
        }
        persist();
        return "with " + kept + " entries from " + dataFile.getFileName() + " and " + added + " added from " + seed.getFileName();
    }

    private static List<Entry> read(Path ldif) throws IOException, LDIFException {
        List<Entry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(ldif.toFile())) {
            for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /**
     * Writes every entry, operational attributes included, to a new owner-only file, forces it to disk and moves it
     * over the data file in one step: a crash at any point leaves either the old or the new data file, never half.
     */
    synchronized void persist() throws IOException, LDAPException {
        Path next = dataFile.resolveSibling(dataFile.getFileName() + ".next");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(next, StandardOpenOption.WRITE)) {
            server.exportToLDIF(new LDIFWriter(out), false, true, true);
        }
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(next, dataFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Persists after every successful write, before the client hears of it. */
    private static final class PersistAfterWrites extends InMemoryOperationInterceptor {
        private volatile Directory directory;

        @Override
        public void processAddResult(InMemoryInterceptedAddResult result) {
            afterWrite(result.getResult());
        }

        @Override
        public void processModifyResult(InMemoryInterceptedModifyResult result) {
            afterWrite(result.getResult());
        }

        @Override
        public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
            afterWrite(result.getResult());
        }

        @Override
        public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
            afterWrite(result.getResult());
        }

        /** A password change by extended operation is a write too. */
        @Override
        public void processExtendedResult(InMemoryInterceptedExtendedResult result) {
            afterWrite(result.getResult());
        }

        private void afterWrite(LDAPResult result) {
            Directory current = directory;
            if (current == null || result.getResultCode() != ResultCode.SUCCESS) {
                return; // the initial load persists once at its end
            }
            try {
                current.persist();
            } catch (IOException | LDAPException e) {
                // The change is in memory but not on disk: stop rather than acknowledge what a restart would lose.
                System.err.println("directory: cannot write " + current.dataFile + ": " + e.getMessage());
                Runtime.getRuntime().halt(1);
            }
        }
    }
}
