package io.gatehouse.app.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.gatehouse.records.schema.RecordsSchema;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Fills the revocation list as a busy realm would (other users' ended sessions), so the benchmark's secured reads
 * check their token against a list of realistic size, not an empty one.
 */
final class RevokedSessions {
    private RevokedSessions() {
    }

    static void add(InetSocketAddress cassandra, String datacenter, int count) {
        try (CqlSession session = CqlSession.builder().addContactPoint(cassandra).withLocalDatacenter(datacenter).build()) {
            PreparedStatement insert = session.prepare("INSERT INTO " + RecordsSchema.REVOCATIONS + " (hour, at, sid, sub) VALUES (?, ?, ?, ?) USING TTL 900");
            String hour = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC).format(Instant.now());
            for (int i = 0; i < count; i++) {
                session.execute(insert.bind(hour, Uuids.timeBased(), UUID.randomUUID().toString(), UUID.randomUUID().toString()));
            }
        }
    }
}
