package dev.fulcrum.store;

import java.util.Optional;

/** The operations of one write transaction; rows read with {@link #findForUpdate} stay locked until it ends. */
public interface DocumentTransaction {

    Optional<StoredDocument> findForUpdate(String resource, String name);

    boolean exists(String resource, String name);

    /** Inserts a new document at version 1. */
    StoredDocument insert(String resource, String name, String body, String secrets);

    /** Replaces a document found with {@link #findForUpdate}, one version up. */
    StoredDocument update(StoredDocument previous, String body, String secrets);

    boolean delete(String resource, String name);
}
