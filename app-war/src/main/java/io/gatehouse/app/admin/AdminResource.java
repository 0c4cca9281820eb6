package io.gatehouse.app.admin;

import io.gatehouse.app.Roles;
import io.gatehouse.app.errors.InputValidation;
import io.gatehouse.app.records.RecordListing;
import io.gatehouse.app.records.RecordRepository;
import io.gatehouse.app.security.Caller;
import io.gatehouse.app.security.TenantMember;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** A tenant admin's view: any owner's records of the admin's own tenant, and the tenant's retention period. Every call needs the admin right in the token's tenant. */
@Path("/admin")
@RequestScoped
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    public static final int MAX_OWNERS = 1000;
    private final Caller caller;
    private final RecordListing listing;
    private final RecordRepository records;
    private final TenantSettings settings;
    private final InputValidation validation;

    @Inject
    public AdminResource(Caller caller, RecordListing listing, RecordRepository records, TenantSettings settings,
                         InputValidation validation) {
        this.caller = caller;
        this.listing = listing;
        this.records = records;
        this.settings = settings;
        this.validation = validation;
    }

    /** For CDI's proxy only. */
    protected AdminResource() {
        this.caller = null;
        this.listing = null;
        this.records = null;
        this.settings = null;
        this.validation = null;
    }

    @GET
    @Path("/records")
    public RecordListing.RecordPage records(@QueryParam("owner") String owner,
                                             @QueryParam("limit") @DefaultValue("20") String limit,
                                             @QueryParam("cursor") String cursor,
                                             @QueryParam("tag") String tag) {
        return listing.page(TenantMember.bySubject(caller.administeredTenant(), InputValidation.required("owner", owner)), limit, cursor, tag);
    }

    public record Owners(List<RecordRepository.Owner> items) {
    }

    /** Who has records in the admin's tenant, to pick an owner for {@link #records}. */
    @GET
    @Path("/owners")
    public Owners owners(@QueryParam("limit") @DefaultValue("100") String limit) {
        return new Owners(records.owners(caller.administeredTenant(), InputValidation.wholeNumber("limit", limit, 1, MAX_OWNERS)));
    }

    @GET
    @Path("/retention")
    public Retention retention() {
        return settings.retention(caller.administeredTenant());
    }

    @PUT
    @Path("/retention")
    @Consumes(MediaType.APPLICATION_JSON)
    public Retention setRetention(Retention retention) {
        String tenant = caller.administeredTenant();
        settings.setRetention(tenant, validation.valid(retention), caller.username());
        return settings.retention(tenant);
    }
}
