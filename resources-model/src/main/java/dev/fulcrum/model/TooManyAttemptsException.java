package dev.fulcrum.model;

/** Thrown when a caller has guessed too often and must wait before its next attempt is checked. */
public final class TooManyAttemptsException extends FulcrumException {
    private final long retryAfterSeconds;

    public TooManyAttemptsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** How long to wait, in whole seconds (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
