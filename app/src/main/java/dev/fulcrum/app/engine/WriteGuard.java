package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A check on one write that depends on what is stored, such as whether the caller owns the document.
 * It runs inside the write's transaction, after the document was completed from the stored version and
 * before anything is written; it refuses by throwing, which rolls the transaction back.
 */
@FunctionalInterface
public interface WriteGuard {
    WriteGuard NONE = (resource, before, after) -> {
    };

    /**
     * @param resource the kind's resource, such as {@code data-cubes}
     * @param before   the stored document, or null when the write creates it
     * @param after    the document to be stored, or null when the write deletes it
     */
    void check(String resource, ObjectNode before, ObjectNode after);
}
