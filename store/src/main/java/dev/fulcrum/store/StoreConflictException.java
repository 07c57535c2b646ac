package dev.fulcrum.store;

/** Thrown when a write kept losing races with concurrent writes to the same documents and gave up. */
public final class StoreConflictException extends RuntimeException {
    public StoreConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
