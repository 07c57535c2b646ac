package dev.fulcrum.store;

/**
 * Thrown when a write could not be committed within the write timeout: its document's other writers, or the
 * database, kept it waiting. Nothing was stored; the same request may be sent again.
 */
public final class StoreBusyException extends RuntimeException {
    public StoreBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
