package dev.fulcrum.app.engine;

/**
 * The result of a write: whether it created the document, its stored public JSON and its version, and whether it
 * wrote anything (a write of exactly what is stored writes nothing and answers the current version).
 */
public record WriteOutcome(boolean created, String body, long version, boolean wrote) {
}
