package dev.fulcrum.model;

/** Thrown when a named document, resource or route does not exist. */
public final class NotFoundException extends FulcrumException {
    public NotFoundException() {
        super("Not found.");
    }
}
