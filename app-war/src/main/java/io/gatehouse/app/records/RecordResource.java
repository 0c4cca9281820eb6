package io.gatehouse.app.records;

import io.gatehouse.app.Roles;
import io.gatehouse.app.errors.InputValidation;
import io.gatehouse.app.errors.Problem;
import io.gatehouse.app.errors.ProblemException;
import io.gatehouse.app.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.UUID;

/**
 * The caller's own records. Tenant and owner come from the verified token; an id of someone else's record
 * answers 404 exactly like an id that does not exist, so existence does not leak.
 */
@Path("/records")
@RequestScoped
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class RecordResource {
    private final Caller caller;
    private final RecordRepository records;
    private final RecordListing listing;
    private final InputValidation validation;

    @Inject
    public RecordResource(Caller caller, RecordRepository records, RecordListing listing, InputValidation validation) {
        this.caller = caller;
        this.records = records;
        this.listing = listing;
        this.validation = validation;
    }

    /** For CDI's proxy only. */
    protected RecordResource() {
        this.caller = null;
        this.records = null;
        this.listing = null;
        this.validation = null;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(RecordInput input, @Context UriInfo uri) {
        Record record = records.create(caller.member(), validation.valid(input));
        return Response.created(uri.getAbsolutePathBuilder().path(record.id().toString()).build())
                .tag(etag(record)).entity(record).build();
    }

    @GET
    public RecordListing.RecordPage list(@QueryParam("limit") @DefaultValue("20") String limit,
                           @QueryParam("cursor") String cursor,
                           @QueryParam("tag") String tag) {
        return listing.page(caller.member(), limit, cursor, tag);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Record record = records.find(caller.member(), parseId(id)).orElseThrow(RecordResource::notFound);
        return Response.ok(record).tag(etag(record)).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                            RecordInput input) {
        RecordRepository.Change change = records.update(caller.member(), parseId(id), expectedVersion(ifMatch),
                validation.valid(input));
        return switch (change.outcome()) {
            case DONE -> Response.ok(change.record()).tag(etag(change.record())).build();
            case NOT_FOUND -> throw notFound();
            case STALE -> throw stale();
        };
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        RecordRepository.Change change = records.delete(caller.member(), parseId(id), expectedVersion(ifMatch));
        return switch (change.outcome()) {
            case DONE -> Response.noContent().build();
            case NOT_FOUND -> throw notFound();
            case STALE -> throw stale();
        };
    }

    private static EntityTag etag(Record record) {
        return new EntityTag(Integer.toString(record.version()));
    }

    /** Changes must say which version they change: no If-Match is 428, one that names no version of ours is 412. */
    private static int expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(Problem.PRECONDITION_REQUIRED, "send If-Match with the record's ETag");
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            throw stale();
        }
        try {
            return Integer.parseInt(value.replace("\"", ""));
        } catch (NumberFormatException e) {
            throw stale();
        }
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(Response.Status.NOT_FOUND, "no such record");
    }

    private static ProblemException stale() {
        return new ProblemException(Response.Status.PRECONDITION_FAILED, "the record was changed since this ETag; fetch it again");
    }
}
