package io.gatehouse.stack;

import io.gatehouse.stack.cassandra.CassandraServer;
import io.gatehouse.stack.cassandra.CassandraSettings;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.keycloak.KeycloakSettings;
import io.gatehouse.stack.ldap.LdapServer;
import io.gatehouse.stack.ldap.LdapSettings;
import io.gatehouse.stack.liberty.LibertyServer;
import io.gatehouse.stack.liberty.LibertySettings;
import io.gatehouse.stack.mail.MailServer;
import io.gatehouse.stack.mail.MailSettings;
import io.gatehouse.stack.postgres.PostgresServer;
import io.gatehouse.stack.postgres.PostgresSettings;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.s3.S3Settings;
import io.gatehouse.stack.web.WebServer;
import io.gatehouse.stack.web.WebSettings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The servers the stack can start: each with its settings, its start function and what it needs started before it.
 * Enum order lists every server after those it requires.
 */
public enum Component {
    POSTGRES("PostgreSQL", PostgresSettings::of, PostgresServer::start),
    LDAP("LDAP directory", LdapSettings::of, LdapServer::start),
    MAIL("Mail server", MailSettings::of, MailServer::start),
    KEYCLOAK("Keycloak", KeycloakSettings::of, KeycloakServer::start, POSTGRES, LDAP, MAIL),
    CASSANDRA("Cassandra", CassandraSettings::of, CassandraServer::start),
    S3("S3 server", S3Settings::of, S3Server::start),
    LIBERTY("Open Liberty", LibertySettings::of, LibertyServer::start, CASSANDRA),
    WEB("Web front-end", WebSettings::of, WebServer::start);

    private final String displayName;
    private final Function<StackConfig, ? extends ServerSettings> settings;
    private final Function<Startup, ? extends Server> start;
    private final Component[] requires;

    Component(String displayName, Function<StackConfig, ? extends ServerSettings> settings, Function<Startup, ? extends Server> start,
              Component... requires) {
        this.displayName = displayName;
        this.settings = settings;
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
    public ServerSettings settings(StackConfig stack) {
        return settings.apply(stack);
    }

    /** Starts it and waits until it is ready; see {@link Startup}. */
    Server start(Startup startup) {
        return start.apply(startup);
    }

    /** Every port of every server on that stack, by setting key (free ones picked now when so configured). */
    public static Map<String, Integer> ports(StackConfig stack) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Component component : values()) {
            ports.putAll(component.settings(stack).ports());
        }
        return ports;
    }
}
