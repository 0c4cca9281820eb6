package io.gatehouse.app.errors;

import jakarta.ws.rs.core.Response;

import java.util.Map;

/** An expected refusal (404, 412, 428, 400 ...) with the detail the client sees. */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ProblemException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public ProblemException(Response.Status status, String detail) {
        this(status.getStatusCode(), detail);
    }

    public int status() {
        return status;
    }

    /** Headers the answer carries besides the problem body (a challenge, for instance). */
    public Map<String, String> headers() {
        return Map.of();
    }
}
