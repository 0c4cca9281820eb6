package io.gatehouse.app.errors;

import com.datastax.oss.driver.api.core.DriverException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
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

    /** JSON-B and the size limit surface wrapped in the provider's own exceptions. */
    private static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    @Override
    public Response toResponse(Throwable error) {
        ProblemException problem = findCause(error, ProblemException.class);
        if (problem != null) {
            Response.ResponseBuilder response = Response.fromResponse(Problem.response(problem.status(), problem.getMessage()));
            problem.headers().forEach(response::header);
            return response.build();
        }
        if (findCause(error, JsonbException.class) != null || findCause(error, JsonException.class) != null
                || error instanceof ProcessingException) {
            return Problem.response(Response.Status.BAD_REQUEST, "the body is not valid JSON for this resource");
        }
        if (error instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return Problem.response(status, Problem.title(status));
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
