package dev.fulcrum.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;

/**
 * A write that is committed, as a kind's after-commit hook sees it.
 *
 * @param name    the document's name
 * @param change  what the write did
 * @param stored  the stored public form (secrets masked or left out), parsed only when a hook asks
 *                ({@link #document}); null after a delete
 * @param options the request options that came beside the wrapper key (see {@link ResourceStrategy#requestOptions});
 *                empty for writes that have none (CLI, imports, restores)
 */
public record Committed(String name, Change change, Supplier<ObjectNode> stored, ObjectNode options) {
    /** What a write did; {@code UNCHANGED}: it gave exactly what is stored, and wrote nothing. */
    public enum Change { CREATED, UPDATED, UNCHANGED, DELETED }

    /** The stored public form; null after a delete. */
    public ObjectNode document() {
        return stored.get();
    }
}
