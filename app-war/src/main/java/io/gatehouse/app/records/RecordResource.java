package io.gatehouse.app.records;

import io.gatehouse.app.Roles;
import io.gatehouse.app.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/** The caller's own records, newest first, within the caller's tenant. */
@Path("/records")
@RequestScoped
public class RecordResource {
    private final Caller caller;
    private final CassandraRecordRepository records;

    @Inject
    public RecordResource(Caller caller, CassandraRecordRepository records) {
        this.caller = caller;
        this.records = records;
    }

    /** For CDI's proxy only. */
    protected RecordResource() {
        this.caller = null;
        this.records = null;
    }

    public record Page(List<CassandraRecordRepository.RecordSummary> items) {
    }

    @GET
    @RolesAllowed({Roles.USER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Page list(@QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        String bucket = YearMonth.now(ZoneOffset.UTC).toString();
        return new Page(records.newest(caller.tenant(), caller.subject(), bucket, limit));
    }
}
