package dev.fulcrum.store.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the commits that a kill -9 interrupted, which H2 2.5 leaves half done. A transaction's commit first marks
 * its undo log as committed, then makes its rows committed one by one; killed in between, the file holds a
 * committed undo log and rows still marked as the transaction's. When H2 opens such a file it registers the
 * transaction as committed and asks it to commit, which in 2.5.252 does nothing for a transaction already committed:
 * its rows stay uncommitted, readers see them as they were before it (a write half applied: a document's new row
 * beside its old field values), and the transaction stays open forever. A writer of one of those rows then waits for
 * that transaction to end; H2's wait returns at once for a committed one, and the writer asks again, forever, at full
 * CPU, past any lock timeout (a server thread spun for eight minutes after a kill -9 in the suite on 2026-12-02).
 * Reproduced with plain JDBC: 3 of 100 kill -9s of six writers left such a transaction, 2 of them a write that never
 * ends. This does what H2 2.4 did: it makes the transaction's rows committed from its undo log and closes it, once
 * per opening of the database, before anything else of this process uses it; only transactions H2 found in the
 * file (owned by no session) are touched.
 */
public final class H2LeftoverCommits {
    private static final Logger LOG = LoggerFactory.getLogger(H2LeftoverCommits.class);
    private static final Method COMMIT;
    private static final Method END;
    private static final Field OWNER;

    static {
        Method commit = null;
        Method end = null;
        Field owner = null;
        try {
            commit = TransactionStore.class.getDeclaredMethod("commit", Transaction.class, boolean.class);
            end = TransactionStore.class.getDeclaredMethod("endTransaction", Transaction.class, boolean.class);
            owner = Transaction.class.getDeclaredField("ownerId");
            commit.setAccessible(true);
            end.setAccessible(true);
            owner.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach H2's transaction store ({}): a commit interrupted by a kill -9 stays half done", e.toString());
            commit = null;
        }
        COMMIT = commit;
        END = end;
        OWNER = owner;
    }

    /**
     * The databases (H2's instances, one per opening) already looked at. Only the first session of this process to
     * reach an opening looks, when nothing else runs in it yet: H2 runs transactions of its own, owned by no session,
     * that pass through the committed state for a moment (the suite once finished one of a migration's, midway).
     */
    private static final Set<Object> CHECKED = Collections.newSetFromMap(new WeakHashMap<>());

    private H2LeftoverCommits() {
    }

    /**
     * Finishes every commit left half done in the embedded database {@code connection} reaches, the first time this
     * process reaches that opening of it; nothing for another database, or later. Returns how many.
     */
    public static int finish(Connection connection) throws SQLException {
        SessionLocal session = COMMIT == null ? null : H2Access.localSession(connection);
        if (session == null) {
            return 0;
        }
        synchronized (CHECKED) {
            if (!CHECKED.add(session.getDatabase())) {
                return 0; // looked at when this process first reached it
            }
            TransactionStore store = session.getDatabase().getStore().getTransactionStore();
            int finished = 0;
            for (Transaction transaction : store.getOpenTransactions()) {
                if (transaction.getStatus() == Transaction.STATUS_COMMITTED && ownedByNoSession(transaction)) {
                    try {
                        COMMIT.invoke(store, transaction, true);
                        END.invoke(store, transaction, true);
                        finished++;
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        throw new SQLException("could not finish a commit a kill -9 interrupted (H2 transaction "
                                + transaction.getId() + ")", e instanceof InvocationTargetException target ? target.getCause() : e);
                    }
                }
            }
            if (finished > 0) {
                LOG.warn("finished {} commit(s) that the end of the last process interrupted (H2 had left them half done)",
                        finished);
            }
            return finished;
        }
    }

    private static boolean ownedByNoSession(Transaction transaction) {
        try {
            return OWNER.getInt(transaction) == 0;
        } catch (IllegalAccessException e) {
            return false;
        }
    }
}
