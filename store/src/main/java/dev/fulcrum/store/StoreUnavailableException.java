package dev.fulcrum.store;

/** Thrown when the database cannot be reached or answered with a fault. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
