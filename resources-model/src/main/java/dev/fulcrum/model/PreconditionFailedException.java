package dev.fulcrum.model;

/**
 * Thrown when a conditional request (If-Match, If-None-Match) does not hold; carries the current
 * document, if any, so the client can merge and retry.
 */
public final class PreconditionFailedException extends FulcrumException {
    private final String wrapper;
    private final String currentJson;

    public PreconditionFailedException(String message, String wrapper, String currentJson) {
        super(message);
        this.wrapper = wrapper;
        this.currentJson = currentJson;
    }

    /** The wrapper key of the current document, e.g. {@code dataCube}. */
    public String wrapper() {
        return wrapper;
    }

    /** The current stored document as JSON, or null when there is none. */
    public String currentJson() {
        return currentJson;
    }
}
