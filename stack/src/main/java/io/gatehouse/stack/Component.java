package io.gatehouse.stack;

/** The servers the stack can start, with what each needs started before it. */
public enum Component {
    POSTGRES("PostgreSQL"),
    LDAP("LDAP directory"),
    MAIL("Mail server"),
    KEYCLOAK("Keycloak", POSTGRES, LDAP, MAIL),
    CASSANDRA("Cassandra"),
    S3("S3 server"),
    LIBERTY("Open Liberty", CASSANDRA),
    WEB("Web front-end");

    private final String displayName;
    private final Component[] requires;

    Component(String displayName, Component... requires) {
        this.displayName = displayName;
        this.requires = requires;
    }

    public String displayName() {
        return displayName;
    }

    public Component[] requires() {
        return requires.clone();
    }
}
