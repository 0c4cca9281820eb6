package io.gatehouse.stack.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The process {@link LdapServer} runs: UnboundID's in-memory directory server, loaded from an LDIF file and
 * listening on one address only (its command-line tool always listens on every interface, hence this class).
 * Arguments: base DN, listen address, port, LDIF file. It serves until its process is stopped.
 */
public final class Directory {
    private Directory() {
    }

    public static void main(String[] args) throws LDAPException, UnknownHostException {
        if (args.length != 4) {
            System.err.println("usage: Directory BASE_DN ADDRESS PORT LDIF_FILE");
            System.exit(2);
        }
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(args[0]);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName(args[1]), Integer.parseInt(args[2]), null));
        // Anonymous clients may bind but not read: Keycloak binds with its own DN and password.
        config.setAuthenticationRequiredOperationTypes(com.unboundid.ldap.sdk.OperationType.SEARCH, com.unboundid.ldap.sdk.OperationType.COMPARE);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        int entries = server.importFromLDIF(true, args[3]);
        server.startListening();
        System.out.println("directory " + args[0] + " with " + entries + " entries listening on " + args[1] + ":" + server.getListenPort());
    }
}
