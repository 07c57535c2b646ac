package dev.fulcrum.store;

import java.util.Optional;

/**
 * The operations of one write transaction. Concurrency is optimistic: {@link #update} and {@link #delete}
 * apply only if nobody changed the document since it was read, otherwise the whole transaction is retried.
 */
public interface DocumentTransaction {

    Optional<StoredDocument> findCurrent(String resource, String name);

    boolean exists(String resource, String name);

    /** Inserts a new document at version 1. */
    StoredDocument insert(String resource, String name, String body, String secrets);

    /** Replaces a document read with {@link #findCurrent}, one version up. */
    StoredDocument update(StoredDocument previous, String body, String secrets);

    boolean delete(String resource, String name);
}
