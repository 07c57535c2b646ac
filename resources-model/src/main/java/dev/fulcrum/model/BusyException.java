package dev.fulcrum.model;

/** Thrown when the server runs as many costly operations of a kind as it allows and this one waited long enough. */
public final class BusyException extends FulcrumException {
    private final long retryAfterSeconds;

    public BusyException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When to try again, in whole seconds (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
