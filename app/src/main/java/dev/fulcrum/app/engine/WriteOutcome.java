package dev.fulcrum.app.engine;

/** The result of a write: whether it created the document, its stored public JSON and its version. */
public record WriteOutcome(boolean created, String body, long version) {
}
