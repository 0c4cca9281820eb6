package io.gatehouse.app.bench;

import io.gatehouse.app.records.Record;
import io.gatehouse.app.records.RecordRepository;
import io.gatehouse.app.security.TenantMember;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/**
 * {@code GET /records/{id}} with authorization taken out: tenant and owner come from the path instead of a
 * verified token. It exists only in the benchmark's copy of the WAR (added by {@link BenchServer}), never in
 * the production WAR, so the benchmark can measure what security costs on the same request path.
 */
@Path("/unsecured/records")
@RequestScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class UnsecuredRecordRead {
    private final RecordRepository records;

    @Inject
    public UnsecuredRecordRead(RecordRepository records) {
        this.records = records;
    }

    /** For CDI's proxy only. */
    protected UnsecuredRecordRead() {
        this.records = null;
    }

    @GET
    @Path("{tenant}/{owner}/{id}")
    public Response get(@PathParam("tenant") String tenant, @PathParam("owner") String owner, @PathParam("id") String id) {
        Record record = records.find(TenantMember.bySubject(tenant, owner), UUID.fromString(id)).orElseThrow(NotFoundException::new);
        return Response.ok(record).tag(new EntityTag(Integer.toString(record.version()))).build();
    }
}
