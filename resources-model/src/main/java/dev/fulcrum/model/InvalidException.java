package dev.fulcrum.model;

import java.util.List;

/** Thrown when a request or document is malformed; carries every field problem found. */
public final class InvalidException extends FulcrumException {
    private final List<FieldError> details;

    public InvalidException(String message) {
        this(message, List.of());
    }

    public InvalidException(String message, List<FieldError> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    public List<FieldError> details() {
        return details;
    }
}
