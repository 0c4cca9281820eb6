package io.gatehouse.app.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem body: every error of the API is one of these, never a stack trace. */
public record Problem(String type, String title, int status, String detail) {
    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");
    /** RFC 6585; not among JAX-RS's Response.Status constants. */
    public static final int PRECONDITION_REQUIRED = 428;

    public static Response response(int status, String detail) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title(status), status, detail)).build();
    }

    public static Response response(Response.Status status, String detail) {
        return response(status.getStatusCode(), detail);
    }

    static String title(int status) {
        if (status == PRECONDITION_REQUIRED) {
            return "Precondition Required";
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }
}
