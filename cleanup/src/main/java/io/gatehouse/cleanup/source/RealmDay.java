package io.gatehouse.cleanup.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** One realm's UTC day of a {@link KeycloakEventsSource}'s table: read as PostgreSQL's JSON, deleted in small steps, restored field-checked. */
final class RealmDay implements Batch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH_SIZE = 5000;
    private static final long DAY_MILLIS = KeycloakEventsSource.DAY_MILLIS;
    private static final int ROWS_PER_TRANSACTION = KeycloakEventsSource.ROWS_PER_TRANSACTION;
    private final KeycloakEventsSource source;
    private final String realm;
    private final LocalDate day;
    /** The day's first millisecond (UTC); the day ends {@link #DAY_MILLIS} later. */
    private final long start;

    RealmDay(KeycloakEventsSource source, String realm, LocalDate day) {
        this.source = source;
        this.realm = realm;
        this.day = day;
        this.start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    @Override
    public BatchKey key() {
        return new BatchKey(source.name(), realm, day.toString());
    }

    private void bindDay(PreparedStatement statement) throws SQLException {
        statement.setString(1, realm);
        statement.setLong(2, start);
        statement.setLong(3, start + DAY_MILLIS);
    }

    private String dayFilter() {
        return " WHERE realm_id = ? AND " + source.timeColumn() + " >= ? AND " + source.timeColumn() + " < ?";
    }

    @Override
    public Scope read(RowSink sink) {
        long rows;
        try (Connection connection = source.open()) {
            // A cursor (no autocommit, a fetch size) streams the day instead of loading it.
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT row_to_json(e)::text FROM " + source.table() + " e" + dayFilter() + " ORDER BY " + source.timeColumn() + ", id")) {
                statement.setFetchSize(FETCH_SIZE);
                bindDay(statement);
                rows = 0;
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        sink.accept(result.getString(1));
                        rows++;
                    }
                }
            }
            connection.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(source.name() + ": " + e.getMessage(), e);
        }
        return new Scope.Day(realm, day.toString(), rows);
    }

    @Override
    public long delete(Scope scope, BooleanSupplier leaseHeld) {
        // The day is complete and only this run (it holds the lease) writes old days, so the day's rows are the
        // archived ones. Each step starts after the last row deleted, so it never walks the dead rows before it.
        return source.query("WITH step AS (SELECT id, " + source.timeColumn() + " AS at FROM " + source.table() + dayFilter()
                // Byte order ("C") for ids, the order Java's String.compareTo keeps the last one in.
                // The plain bound lets the (realm_id, time) index start the scan at the last row deleted.
                + " AND " + source.timeColumn() + " >= ? AND (" + source.timeColumn() + ", id COLLATE \"C\") > (?, ?) ORDER BY " + source.timeColumn() + ", id COLLATE \"C\" LIMIT " + ROWS_PER_TRANSACTION + ")"
                + " DELETE FROM " + source.table() + " t USING step WHERE t.id = step.id RETURNING step.at, step.id", statement -> {
            long deleted = 0;
            long lastTime = Long.MIN_VALUE;
            String lastId = "";
            int step;
            do {
                if (!leaseHeld.getAsBoolean()) {
                    throw new IllegalStateException("lost the lease on " + source.name() + " while deleting " + key());
                }
                bindDay(statement);
                statement.setLong(4, lastTime);
                statement.setLong(5, lastTime);
                statement.setString(6, lastId);
                step = 0;
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        long at = result.getLong(1);
                        String id = result.getString(2);
                        if (at > lastTime || at == lastTime && id.compareTo(lastId) > 0) {
                            lastTime = at;
                            lastId = id;
                        }
                        step++;
                    }
                }
                deleted += step;
            } while (step > 0);
            return deleted;
        });
    }

    @Override
    public void checkScope(Scope scope, long rows, Instant archivedAt) {
        if (!scope.equals(new Scope.Day(realm, day.toString(), rows))) {
            throw new IllegalStateException("the manifest of " + key() + " is refused, nothing deleted: its scope " + scope
                    + " is not this realm's day with the manifest's " + rows + " rows");
        }
    }

    @Override
    public long restore(Iterator<String> lines) {
        Set<String> columns = columns();
        return source.query("INSERT INTO " + source.table() + " SELECT * FROM json_populate_record(NULL::" + source.table() + ", ?::json) ON CONFLICT (id) DO NOTHING",
                statement -> {
                    statement.getConnection().setAutoCommit(false);
                    long written = 0;
                    while (lines.hasNext()) {
                        statement.setString(1, event(lines.next(), written + 1, columns));
                        statement.addBatch();
                        if (++written % ROWS_PER_TRANSACTION == 0) {
                            statement.executeBatch();
                            statement.getConnection().commit();
                        }
                    }
                    statement.executeBatch();
                    statement.getConnection().commit();
                    return written;
                });
    }

    /** The table's columns in this Keycloak version. */
    private Set<String> columns() {
        return source.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?", statement -> {
            statement.setString(1, source.table());
            Set<String> columns = new HashSet<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.add(result.getString(1));
                }
            }
            return columns;
        });
    }

    /**
     * An archived event as the JSON handed to PostgreSQL, rebuilt from what was parsed: refused unless every field
     * is a column of the table (named once, as PostgreSQL spells it) and the event is of this realm and day.
     */
    private String event(String line, long number, Set<String> columns) throws IOException {
        JsonNode event;
        try {
            event = RowJson.STRICT.readTree(line);
        } catch (JsonProcessingException e) {
            throw refused(number, "not JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw refused(number, "not a JSON object");
        }
        for (Iterator<String> fields = event.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!columns.contains(field)) {
                throw refused(number, "field " + field + " is not a column of " + source.table());
            }
        }
        JsonNode at = event.get(source.timeColumn());
        if (!realm.equals(event.path("realm_id").asText(null)) || at == null || !at.canConvertToExactIntegral()
                || at.asLong() < start || at.asLong() >= start + DAY_MILLIS || !event.path("id").isTextual()) {
            throw refused(number, "it is not an event of realm " + realm + " on " + day);
        }
        return JSON.writeValueAsString(event);
    }

    private IOException refused(long number, String why) {
        return new IOException("archived event " + number + " of " + key() + " is refused: " + why);
    }
}
