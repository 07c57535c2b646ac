package dev.fulcrum.app.engine;

/** The result of a write: whether it created the document, and its stored public JSON. */
public record WriteOutcome(boolean created, String body) {
}
