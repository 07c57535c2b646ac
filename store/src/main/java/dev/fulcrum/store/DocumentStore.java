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

    /** The documents that reference this one, sorted. */
    List<DocumentKey> referencedBy(String resource, String name);

    /**
     * Runs {@code work} in one transaction and commits it; retried from the start when it lost a race
     * with a concurrent writer, so {@code work} must have no effects outside the transaction.
     */
    <T> T inTransaction(Function<DocumentTransaction, T> work);
}
