package io.gatehouse.app.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bean Validation of request bodies, answered as a 400 problem naming each field. Explicit rather than
 * {@code @Valid} on resource parameters: Liberty's RESTEasy maps those violations itself, to text/plain.
 */
@ApplicationScoped
public class InputValidation {
    private final Validator validator;

    @Inject
    public InputValidation(Validator validator) {
        this.validator = validator;
    }

    /** For CDI's proxy only. */
    protected InputValidation() {
        this.validator = null;
    }

    public <T> T valid(T input) {
        if (input == null) {
            throw new ProblemException(Response.Status.BAD_REQUEST, "a JSON body is required");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
        return input;
    }

    /** A query parameter that must be present, or a 400 problem naming it. */
    public static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(Response.Status.BAD_REQUEST, name + " is required");
        }
        return value;
    }

    /**
     * A whole-number query parameter, taken as text so that {@code ?limit=abc} is a 400 with a problem body (JAX-RS
     * answers a parameter it cannot convert with a bare 404).
     */
    public static int wholeNumber(String name, String value, int min, int max) {
        try {
            return inRange(name, Integer.parseInt(value.strip()), min, max);
        } catch (NumberFormatException e) {
            throw new ProblemException(Response.Status.BAD_REQUEST, name + " must be a whole number between " + min + " and " + max);
        }
    }

    private static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ProblemException(Response.Status.BAD_REQUEST, name + " must be between " + min + " and " + max);
        }
        return value;
    }
}
