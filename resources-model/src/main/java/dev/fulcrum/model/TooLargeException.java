package dev.fulcrum.model;

/** Thrown when a request body is larger than the configured limit. */
public final class TooLargeException extends FulcrumException {
    public TooLargeException(String message) {
        super(message);
    }
}
