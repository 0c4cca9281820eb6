package io.gatehouse.stack.postgres;

/** Where Keycloak keeps its data: the embedded PostgreSQL or an external one. */
public record Database(String jdbcUrl, String username, String password) {
    @Override
    public String toString() {
        return "Database[" + jdbcUrl + " as " + username + "]";
    }
}
