package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.store.HistoryEntry;
import dev.fulcrum.store.HistoryPage;

/**
 * Every document's former versions, which the store records in each write's own transaction, and restores
 * from them, which are writes like any other: through {@link ResourceEngine}'s checks and {@link DocumentWriter}.
 */
public final class DocumentHistory {
    private final ResourceEngine engine;

    DocumentHistory(ResourceEngine engine) {
        this.engine = engine;
    }

    /** A page of a document's history, newest first; it outlives the document (404 when it never existed). */
    public HistoryPage page(Kind kind, String name, int page, int perPage) {
        DocumentNames.requireValid(kind, name);
        HistoryPage history = engine.store().history(kind.resource(), name, (long) (page - 1) * perPage, perPage);
        if (history.total() == 0) {
            throw new NotFoundException();
        }
        return history;
    }

    /** One version of a document, deleted or not. */
    public HistoryEntry entry(Kind kind, String name, long version) {
        DocumentNames.requireValid(kind, name);
        return engine.store().historyEntry(kind.resource(), name, version).orElseThrow(NotFoundException::new);
    }

    /**
     * Writes version {@code version} again, as a new version, through the same checks as any write (its
     * references must still exist); brings back a deleted document. Its secrets come back with it: they are
     * put back after validation (which refuses server-managed secrets from clients), and a secret the former
     * version did not have is cleared.
     */
    public WriteOutcome restore(Kind kind, String name, long version, WriteOptions options) {
        engine.requireWritable(kind, name);
        return engine.committed(kind, name, engine.inTurn(kind, name, () -> restoreInTurn(kind, name, version, options)), options);
    }

    private WriteOutcome restoreInTurn(Kind kind, String name, long version, WriteOptions options) {
        HistoryEntry entry = entry(kind, name, version);
        ObjectNode document = Json.parseStored(entry.body());
        ObjectNode restoredSecrets = engine.secrets().open(entry.secrets());
        ResourceEngine.Checked checked = engine.checkAndPrepare(kind, document, null);
        for (String field : kind.strategy().secretFields()) {
            document.set(field, restoredSecrets.has(field) ? restoredSecrets.get(field) : document.nullNode());
        }
        return engine.writer().store(kind, document, checked, null, options.restoring());
    }
}
