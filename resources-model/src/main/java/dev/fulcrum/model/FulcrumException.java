package dev.fulcrum.model;

/** Base of the exceptions that describe a refused request; the HTTP layer maps each to a status. */
public abstract class FulcrumException extends RuntimeException {
    protected FulcrumException(String message) {
        super(message, null, false, false);
    }
}
