package io.gatehouse.app.records;

import io.gatehouse.app.security.TenantMember;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Records of one tenant's owners. Every method names the tenant and owner: there is no cross-tenant access. */
public interface RecordRepository {

    /** A new record of the owner (its subject); the owner's username is what the tenant's admins are shown. */
    Record create(TenantMember owner, RecordInput input);

    Optional<Record> find(TenantMember owner, UUID id);

    /** Newest first, after the cursor when given, keeping only records with the tag when given. */
    Page list(TenantMember owner, Cursor after, String tag, int limit);

    /** Replaces the record when its version still is {@code expectedVersion}. */
    Change update(TenantMember owner, UUID id, int expectedVersion, RecordInput input);

    Change delete(TenantMember owner, UUID id, int expectedVersion);

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
