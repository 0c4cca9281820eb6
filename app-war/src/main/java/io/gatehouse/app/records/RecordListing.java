package io.gatehouse.app.records;

import io.gatehouse.app.errors.InputValidation;
import io.gatehouse.app.errors.ProblemException;
import io.gatehouse.app.security.TenantMember;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** One page of one owner's records, with the query parameters checked: the owner's own listing and the admin view's. */
@ApplicationScoped
public class RecordListing {
    public static final int MAX_LIMIT = 100;
    public static final int MAX_TAG_LENGTH = 40;
    private final RecordRepository records;

    /** A page of records, newest first, and the cursor of the next page (none on the last). */
    public record RecordPage(List<Record> items, String next) {
    }

    @Inject
    public RecordListing(RecordRepository records) {
        this.records = records;
    }

    /** For CDI's proxy only. */
    protected RecordListing() {
        this.records = null;
    }

    public RecordPage page(TenantMember owner, String limitParameter, String cursor, String tag) {
        int limit = InputValidation.wholeNumber("limit", limitParameter, 1, MAX_LIMIT);
        if (tag != null && tag.length() > MAX_TAG_LENGTH) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "tag must be at most " + MAX_TAG_LENGTH + " characters");
        }
        Cursor after = null;
        if (cursor != null) {
            try {
                after = Cursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Response.Status.BAD_REQUEST, e.getMessage());
            }
        }
        RecordRepository.Page page = records.list(owner, after, tag, limit);
        return new RecordPage(page.items(), page.next() == null ? null : page.next().encode());
    }
}
