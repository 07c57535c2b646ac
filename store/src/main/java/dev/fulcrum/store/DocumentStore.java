package dev.fulcrum.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Documents of every kind, keyed by (resource, name). */
public interface DocumentStore {

    Optional<StoredDocument> find(String resource, String name);

    /** Every document of a resource, sorted by name. */
    List<StoredDocument> list(String resource);

    /** The documents of a resource that {@code query} selects, sorted by name, and their total. */
    DocumentPage list(String resource, ListQuery query);

    /**
     * How many bytes (UTF-8) the bodies of the documents {@code query} selects take, without reading them: what an
     * answer listing them would hold.
     */
    long bodyBytes(String resource, ListQuery query);

    /** The documents that reference this one, sorted. */
    List<DocumentKey> referencedBy(String resource, String name);

    /** A page of a document's history, newest first; it outlives the document. */
    HistoryPage history(String resource, String name, long offset, int limit);

    /** How many bytes the bodies of that page of the history take, measured without reading them. */
    long historyBytes(String resource, String name, long offset, int limit);

    /**
     * The documents whose row is not their history's newest version (a row missing, behind, or still there after a
     * recorded delete), for the check at start.
     */
    List<Divergence> diverged();

    /** One version of a document from its history. */
    Optional<HistoryEntry> historyEntry(String resource, String name, long version);

    /**
     * Runs {@code work} in one transaction and commits it; retried from the start when it lost a race
     * with a concurrent writer, so {@code work} must have no effects outside the transaction. Every insert,
     * update and delete in it is recorded in the documents' history as made by {@code actor}.
     */
    <T> T inTransaction(Actor actor, Function<DocumentTransaction, T> work);

    /**
     * Runs {@code listener} after each transaction of {@link #inTransaction} that committed a change of a document
     * (on the committing thread; it must be quick): the watch API's wake-up, so that a write reaches the watchers of
     * this instance at once. One listener; a later call replaces it.
     */
    void afterCommit(Runnable listener);

    /** {@link #inTransaction(Actor, Function)} for the server's own changes. */
    default <T> T inTransaction(Function<DocumentTransaction, T> work) {
        return inTransaction(Actor.SYSTEM, work);
    }
}
