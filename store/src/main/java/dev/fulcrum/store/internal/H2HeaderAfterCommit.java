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
 * write, to the page cache like the chunk itself.
 */
public final class H2HeaderAfterCommit extends DelegatingTransactionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(H2HeaderAfterCommit.class);
    private final MVStore mvStore;
    private final RandomAccessStore store;
    private final ReentrantLock chunkLock;
    private final Method writeHeader;

    private H2HeaderAfterCommit(TransactionHandler delegate, MVStore mvStore, RandomAccessStore store,
                                ReentrantLock chunkLock, Method writeHeader) {
        super(delegate);
        this.mvStore = mvStore;
        this.store = store;
        this.chunkLock = chunkLock;
        this.writeHeader = writeHeader;
    }

    /**
     * {@code delegate}, with the header written after each commit when {@code pool} reaches an embedded H2 file
     * store of this process; else {@code delegate} itself (a CLI reaching the server's database through its
     * AUTO_SERVER port writes through the server, which does this).
     */
    public static TransactionHandler wrap(TransactionHandler delegate, DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
                return delegate;
            }
            MVStore mvStore = local.getDatabase().getStore().getMvStore();
            FileStore<?> files = mvStore.getFileStore();
            if (!(files instanceof RandomAccessStore store)) {
                return delegate;
            }
            Method writeHeader = RandomAccessStore.class.getDeclaredMethod("writeStoreHeader");
            writeHeader.setAccessible(true);
            Field lock = FileStore.class.getDeclaredField("saveChunkLock");
            lock.setAccessible(true);
            return new H2HeaderAfterCommit(delegate, mvStore, store, (ReentrantLock) lock.get(store), writeHeader);
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            LOG.error("cannot reach H2's file store ({}): with this H2 version, a kill -9 may lose acknowledged writes",
                    e.toString());
            return delegate;
        }
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        boolean outermost = !handle.isInTransaction();
        R result = super.inTransaction(handle, callback);
        if (outermost) {
            writeHeader();
        }
        return result;
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                                                     HandleCallback<R, X> callback) throws X {
        boolean outermost = !handle.isInTransaction();
        R result = super.inTransaction(handle, level, callback);
        if (outermost) {
            writeHeader();
        }
        return result;
    }

    private void writeHeader() {
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
    }
}
