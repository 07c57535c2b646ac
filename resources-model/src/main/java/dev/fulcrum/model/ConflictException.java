package dev.fulcrum.model;

/** Thrown when a write contradicts what is stored, such as deleting a document others reference. */
public final class ConflictException extends FulcrumException {
    public ConflictException(String message) {
        super(message);
    }
}
