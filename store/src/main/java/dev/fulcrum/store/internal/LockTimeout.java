package dev.fulcrum.store.internal;

import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;

/**
 * How long a write's transaction may wait for a row lock: what is left of its {@code writeTimeoutMillis}. Without
 * it a row held by another client of the database (an operator's SQL session, a stuck instance) kept a write
 * waiting for H2's own 10 s, or on PostgreSQL for as long as the other held it, whatever the write timeout said.
 */
public enum LockTimeout {
    /** A session setting on H2; every write sets it afresh, and reads take no locks. */
    H2("SET LOCK_TIMEOUT "),
    /** Scoped to the transaction on PostgreSQL. */
    POSTGRESQL("SET LOCAL lock_timeout = ");

    private final String statement;

    LockTimeout(String statement) {
        this.statement = statement;
    }

    /** Lets lock waits of this transaction last until {@code deadline} ({@link System#nanoTime()}), at least 1 ms. */
    void set(Handle handle, long deadline) {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        handle.execute(statement + millis); // a number: nothing to quote (0 would mean no limit on PostgreSQL)
    }
}
