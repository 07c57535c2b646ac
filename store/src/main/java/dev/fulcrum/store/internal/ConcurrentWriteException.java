package dev.fulcrum.store.internal;

/** Thrown when a document changed between being read and being written; the transaction is retried. */
final class ConcurrentWriteException extends RuntimeException {
    ConcurrentWriteException() {
        super("the document changed concurrently", null, false, false);
    }
}
