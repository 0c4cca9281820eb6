package io.gatehouse.cleanup;

import io.gatehouse.stack.postgres.Database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keycloak's event tables, read and written with plain SQL beside Keycloak (the job's code is not used here). */
final class EventRows {
    /** A Keycloak event table and its time column. */
    enum Table {
        LOGIN("event_entity", "event_time"), ADMIN("admin_event_entity", "admin_event_time");

        final String name;
        final String time;

        Table(String name, String time) {
            this.name = name;
            this.time = time;
        }
    }

    private final Database database;

    EventRows(Database database) {
        this.database = database;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    String realmId(String realm) throws SQLException {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement("SELECT id FROM realm WHERE name = ?")) {
            select.setString(1, realm);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    /** Moves the realm's events written since {@code since} back by {@code age}, as if they had happened then. */
    int age(Table table, String realmId, Instant since, Duration age) throws SQLException {
        try (Connection connection = connect(); PreparedStatement update = connection.prepareStatement(
                "UPDATE " + table.name + " SET " + table.time + " = " + table.time + " - ? WHERE realm_id = ? AND " + table.time + " >= ?")) {
            update.setLong(1, age.toMillis());
            update.setString(2, realmId);
            update.setLong(3, since.toEpochMilli());
            return update.executeUpdate();
        }
    }

    /**
     * Copies one real event of {@code table} {@code count} times into realm {@code realmId}, spread over the
     * {@code days} days ending {@code newest} (new ids, everything else as Keycloak wrote it).
     */
    void copies(Table table, String realmId, int count, Instant newest, int days) throws SQLException {
        // LATERAL calls json_populate_record once per row; "(f(...)).*" would call it once per column.
        try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table.name + " SELECT r.* FROM (SELECT row_to_json(t)::jsonb AS row FROM " + table.name + " t LIMIT 1) e,"
                        + " generate_series(1, ?) g, LATERAL json_populate_record(NULL::" + table.name + ", (e.row || jsonb_build_object('id',"
                        + " gen_random_uuid()::text, 'realm_id', ?::text, '" + table.time + "', ?::bigint - (g % ?) * 86400000 - g))::json) r")) {
            insert.setInt(1, count);
            insert.setString(2, realmId);
            insert.setLong(3, newest.toEpochMilli());
            insert.setInt(4, days);
            insert.executeUpdate();
        }
    }

    /** The realm's rows older than {@code before}, as PostgreSQL's JSON, in id order. */
    List<String> snapshot(Table table, String realmId, Instant before) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT row_to_json(e)::text FROM " + table.name + " e WHERE realm_id = ? AND " + table.time + " < ? ORDER BY id")) {
            select.setString(1, realmId);
            select.setLong(2, before.toEpochMilli());
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
        }
        return rows;
    }

    long count(Table table, String realmId) throws SQLException {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM " + table.name + " WHERE realm_id = ?")) {
            select.setString(1, realmId);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
