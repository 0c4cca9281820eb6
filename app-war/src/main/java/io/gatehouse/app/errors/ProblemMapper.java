package io.gatehouse.app.errors;

import com.datastax.oss.driver.api.core.DriverException;
import io.gatehouse.app.security.NoTenantException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every exception into a problem response with the right status; only unexpected ones are logged. */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web) {
            Response.Status status = Response.Status.fromStatusCode(web.getResponse().getStatus());
            return Problem.response(status == null ? Response.Status.BAD_REQUEST : status, status == null ? null : status.getReasonPhrase());
        }
        if (error instanceof ConstraintViolationException invalid) {
            return Problem.response(Response.Status.BAD_REQUEST, invalid.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().reduce((a, b) -> a + "; " + b).orElse("invalid input"));
        }
        if (error instanceof NoTenantException noTenant) {
            return Problem.response(Response.Status.FORBIDDEN, noTenant.getMessage());
        }
        if (error instanceof DriverException) {
            LOG.log(Level.WARNING, "Cassandra unavailable: {0}", error.toString());
            return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE, "the record store is unavailable; retry shortly"))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        LOG.log(Level.SEVERE, "unexpected error", error);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "unexpected error");
    }
}
