package io.gatehouse.cleanup.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    private static final int FETCH_SIZE = 5000;

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

    @Override
    public Lease lease(String holder) {
        try {
            return AdvisoryLock.take(database.open(), name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL: " + e.getMessage(), e);
        }
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
                    batches.add(new RealmDay(result.getString(1), LocalDate.ofEpochDay(result.getLong(2))));
                }
            }
            return null;
        });
        batches.forEach(each);
    }

    @Override
    public Batch batch(String key) {
        String[] parts = key.split("/");
        if (parts.length != 3 || !parts[0].equals(name)) {
            throw new IllegalArgumentException("not a " + name + " batch: " + key);
        }
        return new RealmDay(URLDecoder.decode(parts[1], StandardCharsets.UTF_8), LocalDate.parse(parts[2]));
    }

    private interface Step<T> {
        T run(PreparedStatement statement) throws SQLException, IOException;
    }

    private <T> T query(String sql, Step<T> step) {
        try (Connection connection = database.open(); PreparedStatement statement = connection.prepareStatement(sql)) {
            return step.run(statement);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    private final class RealmDay implements Batch {
        private final String realm;
        private final LocalDate day;
        /** The day's first millisecond (UTC); the day ends {@link #DAY_MILLIS} later. */
        private final long start;

        RealmDay(String realm, LocalDate day) {
            this.realm = realm;
            this.day = day;
            this.start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }

        @Override
        public String key() {
            return name + "/" + URLEncoder.encode(realm, StandardCharsets.UTF_8) + "/" + day;
        }

        private void bindDay(PreparedStatement statement) throws SQLException {
            statement.setString(1, realm);
            statement.setLong(2, start);
            statement.setLong(3, start + DAY_MILLIS);
        }

        private String dayFilter() {
            return " WHERE realm_id = ? AND " + timeColumn + " >= ? AND " + timeColumn + " < ?";
        }

        @Override
        public ObjectNode read(RowSink sink) {
            long rows;
            try (Connection connection = database.open()) {
                // A cursor (no autocommit, a fetch size) streams the day instead of loading it.
                connection.setAutoCommit(false);
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT row_to_json(e)::text FROM " + table + " e" + dayFilter() + " ORDER BY " + timeColumn + ", id")) {
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
                throw new IllegalStateException(name + ": " + e.getMessage(), e);
            }
            ObjectNode scope = JSON.createObjectNode();
            scope.put("realm", realm).put("day", day.toString()).put("rows", rows);
            return scope;
        }

        @Override
        public long delete(ObjectNode scope, BooleanSupplier leaseHeld) {
            // The day is complete and only this run (it holds the lease) writes old days, so the day's rows are the
            // archived ones. Each step starts after the last row deleted, so it never walks the dead rows before it.
            return query("WITH step AS (SELECT id, " + timeColumn + " AS at FROM " + table + dayFilter()
                    // Byte order ("C") for ids, the order Java's String.compareTo keeps the last one in.
                    // The plain bound lets the (realm_id, time) index start the scan at the last row deleted.
                    + " AND " + timeColumn + " >= ? AND (" + timeColumn + ", id COLLATE \"C\") > (?, ?) ORDER BY " + timeColumn + ", id COLLATE \"C\" LIMIT " + ROWS_PER_TRANSACTION + ")"
                    + " DELETE FROM " + table + " t USING step WHERE t.id = step.id RETURNING step.at, step.id", statement -> {
                long deleted = 0;
                long lastTime = Long.MIN_VALUE;
                String lastId = "";
                int step;
                do {
                    if (!leaseHeld.getAsBoolean()) {
                        throw new IllegalStateException("lost the lease on " + name + " while deleting " + key());
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
        public void checkScope(ObjectNode scope, long rows, Instant archivedAt) {
            if (scope.size() != 3 || !realm.equals(scope.path("realm").asText(null)) || !day.toString().equals(scope.path("day").asText(null))
                    || !scope.path("rows").canConvertToExactIntegral() || scope.get("rows").asLong() != rows) {
                throw new IllegalStateException("the manifest of " + key() + " is refused, nothing deleted: its scope " + scope
                        + " is not this realm's day with the manifest's " + rows + " rows");
            }
        }

        @Override
        public long restore(Iterator<String> lines) {
            Set<String> columns = columns();
            return query("INSERT INTO " + table + " SELECT * FROM json_populate_record(NULL::" + table + ", ?::json) ON CONFLICT (id) DO NOTHING",
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
            return query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?", statement -> {
                statement.setString(1, table);
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
                    throw refused(number, "field " + field + " is not a column of " + table);
                }
            }
            JsonNode at = event.get(timeColumn);
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
}
