package dev.fulcrum.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations of one write transaction. {@link #findCurrent} locks the document ({@code SELECT ... FOR UPDATE},
 * on H2 and PostgreSQL alike), so writers of one document take turns; {@link #update} and {@link #delete} still
 * apply only if the row is at the version read, otherwise the whole transaction is retried.
 */
public interface DocumentTransaction {

    Optional<StoredDocument> findCurrent(String resource, String name);

    /**
     * True when the document exists; it then cannot be deleted until this transaction ends: a concurrent delete
     * waits and then sees the reference this transaction records. Writes referencing one document do not wait for
     * each other (PostgreSQL: {@code FOR KEY SHARE}; H2, which has no shared lock: a reference guard).
     */
    boolean lockIfExists(String resource, String name);

    /**
     * Inserts a new document, at version 1 or, when the name had a document before, one above the last
     * version in its history; records it in the history.
     */
    StoredDocument insert(String resource, String name, String body, String secrets);

    /** Replaces a document read with {@link #findCurrent}, one version up, and records it in the history. */
    StoredDocument update(StoredDocument previous, String body, String secrets);

    /**
     * Deletes a document read with {@link #findCurrent} and records the deletion in the history, one version
     * up; the caller has made sure nothing references it (see {@link #referencedBy}).
     */
    void delete(StoredDocument current);

    /**
     * Records a change this transaction makes in the audit log, so that it commits or rolls back with it;
     * answers the entry's id when {@code withId}, else 0.
     */
    long audit(AuditEntry entry, boolean withId);

    /** Makes {@code targets} the documents that this document references. */
    void replaceReferences(String resource, String name, Collection<DocumentKey> targets);

    /** Makes {@code values} the filterable field values of this document. */
    void replaceFieldValues(String resource, String name, Map<String, String> values);

    /**
     * The documents that reference this one, sorted; until this transaction ends, no write can add a reference to
     * a document locked with {@link #findCurrent}, so a delete that finds none may go ahead.
     */
    List<DocumentKey> referencedBy(String resource, String name);
}
