package io.gatehouse.cleanup.source;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keycloak's event tables in PostgreSQL ({@code EVENT_ENTITY} for login events, {@code ADMIN_EVENT_ENTITY} for admin
 * events): a batch is one realm's UTC day, taken only when the whole day is older than the cut-off, so it never
 * changes once eligible. Rows are archived as PostgreSQL's own {@code row_to_json} and restored with
 * {@code json_populate_record}, whatever columns this Keycloak version has. Deletes go in small transactions of
 * {@value #ROWS_PER_TRANSACTION} rows, unlike Keycloak's own expiry, whose single DELETE locks the table for a long time.
 */
public final class KeycloakEventsSource implements Source {
    public static final String LOGIN_EVENTS = "keycloak-events";
    public static final String ADMIN_EVENTS = "keycloak-admin-events";
    static final int ROWS_PER_TRANSACTION = 1000;
    static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    private static final Duration DEFAULT_AGE = Duration.ofDays(7);

    /** Connections to Keycloak's database; the source opens one per step and closes it after. */
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final String name;
    private final String table;
    private final String timeColumn;
    private final Connections database;

    private KeycloakEventsSource(String name, String table, String timeColumn, Connections database) {
        this.name = name;
        this.table = table;
        this.timeColumn = timeColumn;
        this.database = database;
    }

    public static KeycloakEventsSource loginEvents(Connections database) {
        return new KeycloakEventsSource(LOGIN_EVENTS, "event_entity", "event_time", database);
    }

    public static KeycloakEventsSource adminEvents(Connections database) {
        return new KeycloakEventsSource(ADMIN_EVENTS, "admin_event_entity", "admin_event_time", database);
    }

    @Override
    public String name() {
        return name;
    }

    /** One advisory lock for the whole table: its days are not split between runs. */
    @Override
    public Lease lease(String holder, Shard shard) {
        try {
            return AdvisoryLock.take(open(), name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Events of the last days are still being read by people and Keycloak: a day goes once it is older than 7 days, unless told. */
    @Override
    public Selection select(Instant now, Optional<Duration> olderThan, Optional<String> tenant, Shard shard) {
        return new Selection(now, Optional.of(olderThan.orElse(DEFAULT_AGE)), tenant, shard);
    }

    @Override
    public void eligibleBatches(Selection selection, Consumer<Batch> each) {
        LocalDate firstDayKept = selection.now().minus(selection.olderThan().orElseThrow(
                () -> new IllegalArgumentException("the event sources need --older-than"))).atZone(ZoneOffset.UTC).toLocalDate();
        List<Batch> batches = new ArrayList<>();
        query("SELECT DISTINCT realm_id, " + timeColumn + " / " + DAY_MILLIS + " AS day FROM " + table
                + " WHERE " + timeColumn + " < ? AND realm_id IS NOT NULL ORDER BY realm_id, day", statement -> {
            statement.setLong(1, firstDayKept.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    batches.add(new RealmDay(this, result.getString(1), LocalDate.ofEpochDay(result.getLong(2))));
                }
            }
            return null;
        });
        batches.forEach(each);
    }

    @Override
    public Batch batch(BatchKey key) {
        try {
            return new RealmDay(this, key.of(name).owner(), LocalDate.parse(key.period()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a " + name + " batch: " + key);
        }
    }

    String table() {
        return table;
    }

    String timeColumn() {
        return timeColumn;
    }

    Connection open() throws SQLException {
        return database.open();
    }

    interface Step<T> {
        T run(PreparedStatement statement) throws SQLException, IOException;
    }

    /** Runs one statement on a connection of its own. */
    <T> T query(String sql, Step<T> step) {
        try (Connection connection = open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            return step.run(statement);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }
}
