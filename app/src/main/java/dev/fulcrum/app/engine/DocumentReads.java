package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Names;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.StoredDocument;
import java.util.Optional;

/**
 * The engine's read side, narrow enough for what only reads documents (tokens, accounts, role permissions) and
 * built from the store alone, so the CLI's token commands need no secret key. Reads by kind, never by a resource
 * string; a name no document can have finds nothing.
 */
public final class DocumentReads {
    private final DocumentStore store;

    public DocumentReads(DocumentStore store) {
        this.store = store;
    }

    /** The stored document (public JSON, version, times), if any. */
    public Optional<StoredDocument> find(Kind kind, String name) {
        return Names.isValid(name) ? store.find(kind.resource(), name) : Optional.empty();
    }

    /** The stored public form, parsed, if any. */
    public Optional<ObjectNode> document(Kind kind, String name) {
        return find(kind, name).map(stored -> Json.parseStored(stored.body()));
    }
}
