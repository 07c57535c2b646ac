package dev.fulcrum.store;

/** Thrown when the store is open in another process (a running server) and the operation needs it closed. */
public final class StoreInUseException extends RuntimeException {
    public StoreInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
