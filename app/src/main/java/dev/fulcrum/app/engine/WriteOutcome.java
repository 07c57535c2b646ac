package dev.fulcrum.app.engine;

import java.util.Map;

/**
 * The result of a write: whether it created the document, its stored public JSON and its version, whether it
 * wrote anything (a write of exactly what is stored writes nothing and answers the current version), and what its
 * kind's after-commit hook added to the answer (such as {@code sendEmailStatus}).
 */
public record WriteOutcome(boolean created, String body, long version, boolean wrote, Map<String, String> effects) {
    public WriteOutcome(boolean created, String body, long version, boolean wrote) {
        this(created, body, version, wrote, Map.of());
    }

    WriteOutcome withEffects(Map<String, String> effects) {
        return new WriteOutcome(created, body, version, wrote, effects);
    }
}
