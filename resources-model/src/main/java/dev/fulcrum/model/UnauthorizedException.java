package dev.fulcrum.model;

/** Thrown when a request carries no API token, or one that is unknown or revoked. */
public final class UnauthorizedException extends FulcrumException {
    public UnauthorizedException(String message) {
        super(message);
    }
}
