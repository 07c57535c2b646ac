package dev.fulcrum.store.internal;

import dev.fulcrum.store.Change;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;

/**
 * The two statements of a write transaction that the store writes differently for each database; the rest of its
 * SQL is the same on both.
 */
public enum Dialect {
    /**
     * H2 has no shared row lock: a write that references a document locks it exclusively, so writes referencing one
     * document (the data cubes of one connection) take turns until they commit. The lock timeout is a session setting;
     * every write sets it afresh, and reads take no locks.
     */
    H2("SET LOCK_TIMEOUT %d", "FOR UPDATE", null),
    /**
     * {@code FOR KEY SHARE}: a referenced document cannot be deleted (nor its key changed) until the referencing write
     * commits, while any number of writes referencing it, and updates of its other columns, go on side by side. The
     * lock timeout is scoped to the transaction.
     */
    POSTGRESQL("SET LOCAL lock_timeout = %d", "FOR KEY SHARE",
            "SELECT 1 FROM (SELECT pg_notify('" + Dialect.CHANNEL + "', :change)) AS announced");

    /** The channel every instance on a PostgreSQL database announces its changes on and listens to. */
    public static final String CHANNEL = "fulcrum_changes";

    /** Neither database takes a parameter in SET: the number is formatted into the statement. */
    private final String lockTimeout;
    /** Locks a referenced document for the rest of the write: neither database locks a foreign key's parent row. */
    final String lockReferenced;
    /** Announces a change when the transaction commits (and never if it rolls back); null: nobody listens (H2). */
    private final String announce;

    Dialect(String lockTimeout, String referenceLock, String announce) {
        this.lockTimeout = lockTimeout;
        this.announce = announce;
        this.lockReferenced = "SELECT version FROM documents WHERE resource = :resource AND name = :name " + referenceLock;
    }

    /**
     * Lets lock waits of this transaction last until {@code deadline} ({@link System#nanoTime()}), at least 1 ms.
     * Without it a row held by another client of the database (an operator's SQL session, a stuck instance) kept a
     * write waiting for H2's own 10 s, or on PostgreSQL for as long as the other held it, whatever the write timeout
     * said.
     */
    void setLockTimeout(Handle handle, long deadline) {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())); // 0: no limit on PostgreSQL
        handle.execute(String.format(lockTimeout, millis));
    }

    /**
     * Announces {@code change} to every instance listening ({@link dev.fulcrum.store.Changes}), delivered when the
     * transaction commits: those that cache what it changed forget it at once. One announcement per subject and name
     * however often a transaction repeats it (PostgreSQL folds identical ones).
     */
    void announce(Handle handle, Change change) {
        if (announce != null) {
            handle.createQuery(announce).bind("change", change.payload()).mapTo(Integer.class).one();
        }
    }
}
