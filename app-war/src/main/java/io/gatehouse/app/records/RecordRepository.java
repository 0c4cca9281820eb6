package io.gatehouse.app.records;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Records of one tenant's owners. Every method names the tenant and owner: there is no cross-tenant access. */
public interface RecordRepository {

    Record create(String tenant, String owner, RecordInput input);

    Optional<Record> find(String tenant, String owner, UUID id);

    /** Newest first, after the cursor when given, keeping only records with the tag when given. */
    Page list(String tenant, String owner, Cursor after, String tag, int limit);

    /** Replaces the record when its version still is {@code expectedVersion}. */
    Change update(String tenant, String owner, UUID id, int expectedVersion, RecordInput input);

    Change delete(String tenant, String owner, UUID id, int expectedVersion);

    /** The owners who have records in the tenant (their subjects), in a stable order, at most {@code limit}. */
    List<String> owners(String tenant, int limit);

    record Page(List<Record> items, Cursor next) {
    }

    /** The outcome of a conditional change: done (with the new state, none for a delete), missing, or stale. */
    record Change(Outcome outcome, Record record) {
        public enum Outcome { DONE, NOT_FOUND, STALE }
    }
}
