package dev.fulcrum.store.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around a defect of H2 2.4/2.5's file store that lost acknowledged commits to {@code kill -9}. H2 finds its
 * newest data at start by following each chunk's prediction of where the next one goes, from the chunk that the
 * file's header names. When a chunk lands elsewhere (in space freed by older chunks), H2 rewrites the header, but
 * with the chunk before it, whose prediction is wrong; so after a crash H2 starts from that older chunk and drops
 * every commit since, until a later header write happens to name a newer one. Reproduced with plain JDBC: in 300
 * simulated crashes (the file copied after a commit returned), 76 lost the last commit on 2.5.252 and none on
 * 2.3.232. After each committed transaction, this writes the header naming the newest chunk (under the lock H2
 * holds while it writes chunks), so a write is acknowledged only once a crash could not take it back. One 8 KiB
 * write, to the page cache like the chunk itself. A CLI that reaches the running server's database through its
 * AUTO_SERVER port has no file store of its own: after each of its commits it calls {@link #ALIAS}, which does the
 * same in the server (a command-line revoke was undone by a kill -9 of the server in 7 runs of 8 without it).
 */
public final class H2HeaderAfterCommit extends DelegatingTransactionHandler {
    /** The H2 function (made by the admin session at start) that writes the header in the process holding the file. */
    public static final String ALIAS = "FULCRUM_SYNC_HEADER";
    /** What the alias names, for H2's {@code CREATE ALIAS ... FOR} and for checking that it is ours. */
    public static final String ALIAS_TARGET = H2HeaderAfterCommit.class.getName() + ".sync";
    private static final Logger LOG = LoggerFactory.getLogger(H2HeaderAfterCommit.class);
    /** Whether the pool reaches an embedded file store of this process (else the alias is called). */
    private final boolean local;
    /**
     * The header writer of the store the last commit went to. A store is replaced when H2 closes the database after a
     * fatal error and the pool opens it again ({@link H2ClosedSessions}): the writer follows the committing session's.
     */
    private volatile HeaderWriter writer;

    private record HeaderWriter(MVStore store, Runnable write) {
    }

    private H2HeaderAfterCommit(TransactionHandler delegate, HeaderWriter writer) {
        super(delegate);
        this.local = writer != null;
        this.writer = writer;
    }

    /**
     * {@code delegate}, with the header written after each commit: directly when {@code pool} reaches an embedded H2
     * file store of this process, through {@link #ALIAS} when it reaches another process's (the CLI beside a
     * running server).
     */
    public static TransactionHandler wrap(TransactionHandler delegate, DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)) {
                return delegate;
            }
            SessionLocal local = H2Access.localSession(connection);
            if (local == null) {
                return new H2HeaderAfterCommit(delegate, null); // remote: the handle calls the alias
            }
            HeaderWriter writer = headerWriter(local);
            return writer == null ? delegate : new H2HeaderAfterCommit(delegate, writer);
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            LOG.error("cannot reach H2's file store ({}): with this H2 version, a kill -9 may lose acknowledged writes",
                    e.toString());
            return delegate;
        }
    }

    /** The body of {@link #ALIAS}: runs in the process that holds the database file, for any session's commit. */
    public static void sync(Connection connection) throws SQLException, ReflectiveOperationException {
        SessionLocal local = H2Access.localSession(connection);
        if (local != null) {
            HeaderWriter writer = headerWriter(local);
            if (writer != null) {
                writer.write().run();
            }
        }
    }

    private static HeaderWriter headerWriter(SessionLocal session) throws ReflectiveOperationException {
        MVStore mvStore = session.getDatabase().getStore().getMvStore();
        if (!(mvStore.getFileStore() instanceof RandomAccessStore store)) {
            return null;
        }
        Method writeHeader = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
        writeHeader.setAccessible(true);
        Field lock = FileStore.class.getDeclaredField("saveChunkLock");
        lock.setAccessible(true);
        ReentrantLock chunkLock = (ReentrantLock) lock.get(store);
        return new HeaderWriter(mvStore, () -> {
            chunkLock.lock();
            try {
                if (!store.isReadOnly() && !mvStore.isClosed()) {
                    writeHeader.invoke(store);
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                LOG.error("could not write H2's store header after a commit: {}", e.toString());
            } finally {
                chunkLock.unlock();
            }
        });
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        boolean outermost = !handle.isInTransaction();
        R result = super.inTransaction(handle, callback);
        if (outermost) {
            afterCommit(handle);
        }
        return result;
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                                                     HandleCallback<R, X> callback) throws X {
        boolean outermost = !handle.isInTransaction();
        R result = super.inTransaction(handle, level, callback);
        if (outermost) {
            afterCommit(handle);
        }
        return result;
    }

    private void afterCommit(Handle handle) {
        if (local) {
            currentWriter(handle).write().run();
        } else {
            try {
                handle.attach(SyncDao.class).syncHeader();
            } catch (RuntimeException e) { // the write is committed: say that its durability is in doubt, no more
                LOG.error("a write is committed but the server could not make it safe from a kill -9: {}", e.toString());
            }
        }
    }

    /** The writer of the store {@code handle}'s session commits to: the last one, unless the database was opened again. */
    private HeaderWriter currentWriter(Handle handle) {
        HeaderWriter last = writer;
        try {
            SessionLocal session = H2Access.localSession(handle.getConnection());
            if (session != null && session.getDatabase().getStore().getMvStore() != last.store()) {
                HeaderWriter now = headerWriter(session);
                if (now != null) {
                    writer = now;
                    return now;
                }
            }
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            LOG.error("a write is committed but the server could not reach H2's file store to make it safe from a kill -9:"
                    + " {}", e.toString());
        }
        return last;
    }

    /** The call a session of another process (the CLI through the AUTO_SERVER port) makes after each commit. */
    interface SyncDao {
        @SqlUpdate("CALL " + ALIAS + "()")
        void syncHeader();
    }
}
