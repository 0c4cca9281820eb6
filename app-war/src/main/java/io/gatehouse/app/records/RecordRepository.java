package io.gatehouse.app.records;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Records of one tenant's owners. Every method names the tenant and owner: there is no cross-tenant access. */
public interface RecordRepository {

    /** A new record of the owner (a subject); {@code ownerName} is the username shown to the tenant's admins. */
    Record create(String tenant, String owner, String ownerName, RecordInput input);

    Optional<Record> find(String tenant, String owner, UUID id);

    /** Newest first, after the cursor when given, keeping only records with the tag when given. */
    Page list(String tenant, String owner, Cursor after, String tag, int limit);

    /** Replaces the record when its version still is {@code expectedVersion}. */
    Change update(String tenant, String owner, String ownerName, UUID id, int expectedVersion, RecordInput input);

    Change delete(String tenant, String owner, UUID id, int expectedVersion);

    /** The owners who have records in the tenant, in a stable order, at most {@code limit}. */
    List<Owner> owners(String tenant, int limit);

    /** An owner's subject and the username they last wrote with (none for rows written before names were kept). */
    record Owner(String subject, String username) {
    }

    record Page(List<Record> items, Cursor next) {
    }

    /** The outcome of a conditional change: done (with the new state, none for a delete), missing, or stale. */
    record Change(Outcome outcome, Record record) {
        public enum Outcome { DONE, NOT_FOUND, STALE }
    }
}
