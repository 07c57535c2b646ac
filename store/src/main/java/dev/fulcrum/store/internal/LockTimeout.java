package dev.fulcrum.store.internal;

import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * How long a write's transaction may wait for a row lock: what is left of its {@code writeTimeoutMillis}. Without
 * it a row held by another client of the database (an operator's SQL session, a stuck instance) kept a write
 * waiting for H2's own 10 s, or on PostgreSQL for as long as the other held it, whatever the write timeout said.
 * The one statement the store writes differently for each database; each dialect is a DAO of its own.
 */
public enum LockTimeout {
    /** A session setting on H2; every write sets it afresh, and reads take no locks. */
    H2(H2Dao.class),
    /** Scoped to the transaction on PostgreSQL. */
    POSTGRESQL(PostgresDao.class);

    private final Class<? extends Dao> dao;

    LockTimeout(Class<? extends Dao> dao) {
        this.dao = dao;
    }

    /** Lets lock waits of this transaction last until {@code deadline} ({@link System#nanoTime()}), at least 1 ms. */
    void set(Handle handle, long deadline) {
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        handle.attach(dao).setLockTimeout(millis); // 0 would mean no limit on PostgreSQL
    }

    /** What both dialects do. */
    interface Dao {
        void setLockTimeout(long millis);
    }

    /** Neither database takes a parameter in SET: the number is defined into the statement. */
    interface H2Dao extends Dao {
        @Override
        @SqlUpdate("SET LOCK_TIMEOUT <millis>")
        void setLockTimeout(@Define("millis") long millis);
    }

    interface PostgresDao extends Dao {
        @Override
        @SqlUpdate("SET LOCAL lock_timeout = <millis>")
        void setLockTimeout(@Define("millis") long millis);
    }
}
