package dev.fulcrum.model;

/** Thrown when a request is understood but not allowed, such as a write to fixed connections. */
public final class ForbiddenException extends FulcrumException {
    public ForbiddenException(String message) {
        super(message);
    }
}
