package dev.fulcrum.model;

import java.util.List;

/** Thrown when a write contradicts what is stored, such as deleting a document others reference. */
public final class ConflictException extends FulcrumException {
    private final List<Reference> dependents;

    public ConflictException(String message) {
        this(message, List.of());
    }

    /** A conflict with the documents that depend on the one in question. */
    public ConflictException(String message, List<Reference> dependents) {
        super(message);
        this.dependents = List.copyOf(dependents);
    }

    public List<Reference> dependents() {
        return dependents;
    }
}
