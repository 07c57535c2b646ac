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

    /** How many bytes of documents {@link #page} would answer, measured without reading them. */
    public long pageBytes(Kind kind, String name, int page, int perPage) {
        DocumentNames.requireValid(kind, name);
        return engine.store().historyBytes(kind.resource(), name, (long) (page - 1) * perPage, perPage);
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
     * version did not have is cleared, {@code secureJsonData} keys included.
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
        // that version's secrets; null (clear) for one it did not have only where one is stored now, so that the
        // audit entry lists the secrets the restore changes, not every secret the kind could have
        ObjectNode currentSecrets = engine.store().find(kind.resource(), name)
                .map(current -> engine.secrets().open(current.secrets())).orElse(document.objectNode());
        for (String field : kind.strategy().secretFields()) {
            if (restoredSecrets.has(field)) {
                document.set(field, restoredSecrets.get(field));
            } else if (currentSecrets.has(field)) {
                document.putNull(field);
            } else {
                document.remove(field);
            }
        }
        if (kind.strategy().holdsSecureJsonData()) {
            // that version's values, and null for each key set now that it did not have (a key left out is kept)
            ObjectNode values = restoredSecrets.get(UndeclaredSecrets.DATA) instanceof ObjectNode held
                    ? held.deepCopy() : document.objectNode();
            engine.reads().document(kind, name).ifPresent(current -> current.path(UndeclaredSecrets.FIELDS).fieldNames()
                    .forEachRemaining(key -> {
                        if (!values.has(key)) {
                            values.putNull(key);
                        }
                    }));
            document.set(UndeclaredSecrets.DATA, values);
        }
        return engine.writer().store(kind, document, checked, null, options.restoring());
    }
}
