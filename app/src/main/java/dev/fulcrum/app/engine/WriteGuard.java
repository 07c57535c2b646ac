package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A check on one write that depends on what is stored, such as whether the caller owns the document.
 * It runs inside the write's transaction, after the document was completed from the stored version and
 * before anything is written; it refuses by throwing, which rolls the transaction back.
 */
@FunctionalInterface
public interface WriteGuard {
    WriteGuard NONE = (resource, before, after, stored) -> {
    };

    /** Reads other documents as the write's transaction sees them (an import's earlier documents included). */
    @FunctionalInterface
    interface Lookup {
        Optional<ObjectNode> find(String resource, String name);
    }

    /**
     * @param resource the kind's resource, such as {@code data-cubes}
     * @param before   the stored document, or null when the write creates it
     * @param after    the document to be stored, or null when the write deletes it
     * @param stored   the other documents, as the write's transaction sees them
     */
    void check(String resource, ObjectNode before, ObjectNode after, Lookup stored);

    /** Reads through {@code tx}. */
    static Lookup lookup(dev.fulcrum.store.DocumentTransaction tx) {
        return (resource, name) -> tx.findCurrent(resource, name).map(found -> dev.fulcrum.app.Json.parseStored(found.body()));
    }
}
