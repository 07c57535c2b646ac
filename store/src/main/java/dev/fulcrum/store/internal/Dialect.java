package dev.fulcrum.store.internal;

import dev.fulcrum.store.Change;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;

/**
 * The two statements of a write transaction that the store writes differently for each database; the rest of its
 * SQL is the same on both.
 */
public enum Dialect {
    /**
     * H2 has no shared row lock: a write that references a document holds a {@link ReferenceGuards} slot and reads
     * the document unlocked, so writes referencing one document (the data cubes of one connection) go side by side;
     * a delete holds every slot. The lock timeout is a session setting, made the write timeout when a connection
     * opens and changed only for a retried write, which then puts it back: every SET empties the parsed-statement cache
     * of every session of the database (H2 counts it as a change of its metadata), so a SET per write made every
     * write parse all its statements again (a fifth of a write's CPU). Reads take no locks.
     */
    H2("SET LOCK_TIMEOUT %d", "", true, null),
    /**
     * {@code FOR KEY SHARE}: a referenced document cannot be deleted (nor its key changed) until the referencing write
     * commits, while any number of writes referencing it, and updates of its other columns, go on side by side. The
     * lock timeout is scoped to the transaction.
     */
    POSTGRESQL("SET LOCAL lock_timeout = %d", " FOR KEY SHARE", false,
            "SELECT 1 FROM (SELECT pg_notify('" + Dialect.CHANNEL + "', :change)) AS announced");

    /** The channel every instance on a PostgreSQL database announces its changes on and listens to. */
    public static final String CHANNEL = "fulcrum_changes";

    /** Neither database takes a parameter in SET: the number is formatted into the statement. */
    private final String lockTimeout;
    /**
     * Reads a referenced document's version; on PostgreSQL it also keeps it from being deleted for the rest of the
     * write (neither database locks a foreign key's parent row by itself).
     */
    final String lockReferenced;
    /** Whether references are kept whole by {@link ReferenceGuards} rather than by {@link #lockReferenced}'s lock. */
    final boolean guardsReferences;
    /** Announces a change when the transaction commits (and never if it rolls back); null: nobody listens (H2). */
    private final String announce;

    Dialect(String lockTimeout, String referenceLock, boolean guardsReferences, String announce) {
        this.lockTimeout = lockTimeout;
        this.lockReferenced = "SELECT version FROM documents WHERE resource = :resource AND name = :name" + referenceLock;
        this.guardsReferences = guardsReferences;
        this.announce = announce;
    }

    /**
     * What a new connection runs first: on H2 the session's lock timeout, the write timeout; on PostgreSQL
     * {@code synchronous_commit = on}, so a commit is acknowledged only once it is on disk even where the server's
     * own default is {@code off} (which loses the last acknowledged writes when PostgreSQL crashes).
     */
    public String connectionInitSql(Duration writeTimeout) {
        return this == H2 ? String.format(lockTimeout, writeTimeout.toMillis()) : "SET synchronous_commit = on";
    }

    /**
     * Lets lock waits of this transaction last until {@code deadline} ({@link System#nanoTime()}), at least 1 ms.
     * Without it a row held by another client of the database (an operator's SQL session, a stuck instance) kept a
     * write waiting for H2's own 10 s, or on PostgreSQL for as long as the other held it, whatever the write timeout
     * said. Answers whether it changed the session's setting, which {@link #restoreLockTimeout} then puts back once the
     * transaction has ended: on H2 only when less than nine tenths of the write timeout is left (a retry, or a long
     * wait for a connection), never on PostgreSQL, whose setting lasts for the transaction. So on H2 a lock wait may
     * end up to a tenth of the write timeout after the deadline: the price of not emptying every session's statement
     * cache whenever a write waited a millisecond for a pooled connection, as under load nearly every one does (the
     * SET and its restoring SET then made every write parse its statements again; bench/RESULTS.md).
     */
    boolean setLockTimeout(Handle handle, long deadline, Duration writeTimeout) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())); // 0: no limit on PostgreSQL
        if (this == H2 && left >= writeTimeout.toMillis() - writeTimeout.toMillis() / 10) {
            return false; // the session's own setting, made when the connection opened
        }
        handle.execute(String.format(lockTimeout, left));
        return this == H2;
    }

    /**
     * Lets lock waits of this transaction last until {@code deadline} on PostgreSQL; on H2 the session's own, the
     * write timeout, applies (a SET there would empty every session's statement cache; see {@link #H2}). For the
     * store's own background transactions, which only wait for each other.
     */
    void setLocalLockTimeout(Handle handle, long deadline) {
        if (this == POSTGRESQL) {
            setLockTimeout(handle, deadline, Duration.ZERO);
        }
    }

    /** Puts back the session's lock timeout that {@link #setLockTimeout} changed. */
    void restoreLockTimeout(Handle handle, Duration writeTimeout) {
        handle.execute(String.format(lockTimeout, writeTimeout.toMillis()));
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
