package io.gatehouse.stack;

import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.ldap.LdapServer;
import io.gatehouse.stack.liberty.LibertyServer;
import io.gatehouse.stack.mail.MailServer;
import io.gatehouse.stack.postgres.PostgresServer;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.web.WebServer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The servers the stack can start: each with its settings, its start function and what it needs started before it.
 * Enum order lists every server after those it requires.
 */
public enum Component {
    POSTGRES("PostgreSQL", PostgresServer.Config::of, PostgresServer::start),
    LDAP("LDAP directory", LdapServer.Config::of, LdapServer::start),
    MAIL("Mail server", MailServer.Config::of, MailServer::start),
    KEYCLOAK("Keycloak", KeycloakServer.Config::of, KeycloakServer::start, POSTGRES, LDAP, MAIL),
    CASSANDRA("Cassandra", CassandraServer.Config::of, CassandraServer::start),
    S3("S3 server", S3Server.Config::of, S3Server::start),
    LIBERTY("Open Liberty", LibertyServer.Config::of, LibertyServer::start, CASSANDRA),
    WEB("Web front-end", WebServer.Config::of, WebServer::start);

    private final String displayName;
    private final Function<StackConfig, ? extends ServerConfig> config;
    private final Function<Startup, ? extends Server> start;
    private final Component[] requires;

    Component(String displayName, Function<StackConfig, ? extends ServerConfig> config, Function<Startup, ? extends Server> start,
              Component... requires) {
        this.displayName = displayName;
        this.config = config;
        this.start = start;
        this.requires = requires;
    }

    public String displayName() {
        return displayName;
    }

    public Component[] requires() {
        return requires.clone();
    }

    /** This server's settings on that stack. */
    public ServerConfig config(StackConfig stack) {
        return config.apply(stack);
    }

    /** Starts it and waits until it is ready; see {@link Startup}. */
    Server start(Startup startup) {
        return start.apply(startup);
    }

    /** Every port of every server on that stack, by setting key (free ones picked now when so configured). */
    public static Map<String, Integer> ports(StackConfig stack) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Component component : values()) {
            ports.putAll(component.config(stack).ports());
        }
        return ports;
    }
}
