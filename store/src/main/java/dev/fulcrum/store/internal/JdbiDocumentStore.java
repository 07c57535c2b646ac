package dev.fulcrum.store.internal;

import dev.fulcrum.store.Actor;
import dev.fulcrum.store.Changes;
import dev.fulcrum.store.Divergence;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.DocumentPage;
import dev.fulcrum.store.DocumentStore;
import dev.fulcrum.store.DocumentTransaction;
import dev.fulcrum.store.HistoryEntry;
import dev.fulcrum.store.HistoryPage;
import dev.fulcrum.store.ListQuery;
import dev.fulcrum.store.StoreBusyException;
import dev.fulcrum.store.StoredDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;

/**
 * Documents over small DAOs, one for each way in ({@link DocumentDao}, {@link DocumentListDao}, {@link HistoryDao}
 * and, in a write, {@link WriteTransaction}'s statements). A write locks the document it replaces ({@code SELECT ... FOR
 * UPDATE}) before it reads it, on H2 and PostgreSQL alike, so writers of one document take turns and an update never
 * races another. (H2's optimistic alternative, {@code UPDATE ... WHERE version = ?} without the lock, lost
 * acknowledged writes under contention: a transaction that waited on the row and then rolled back put back a stale
 * row. Measured in issue 11 with plain JDBC, 1 run in 15 of 100 racing writers; never with the lock.) A transaction
 * that still fails in a way worth retrying (a concurrent insert of the same name, a deadlock) is run again until
 * the write timeout, then refused with {@link StoreBusyException}.
 */
public final class JdbiDocumentStore implements DocumentStore {
    /** {@link DocumentDao#FIND} with JDBC's positional parameters, for {@link #find}. */
    private static final String FIND_JDBC = DocumentDao.FIND.replace(":resource", "?").replace(":name", "?");
    private static final DocumentRowMapper ROWS = new DocumentRowMapper();
    private final Jdbi jdbi;
    private final DataSource pool;
    private final ListCounts counts;
    private final Duration writeTimeout;
    private final Dialect dialect;
    private final ReferenceGuards guards = new ReferenceGuards();
    /** Null when there is no documents clock (PostgreSQL, whose other instances commit where no clock sees it). */
    private final DocumentCache cache;
    /** H2's locking read, prepared once per connection; null on PostgreSQL. */
    private final H2LockingRead lockingRead;
    private volatile Runnable afterCommit = () -> { };

    /** @param documentsClock {@link H2DocumentsClock}'s, for reads by name from memory; null for none */
    public JdbiDocumentStore(Jdbi jdbi, DataSource pool, Duration writeTimeout, Dialect dialect, Changes changes,
                             Supplier<Object> documentsClock) {
        this.jdbi = jdbi;
        this.cache = documentsClock == null ? null : new DocumentCache(documentsClock, DocumentCache.defaultBudget());
        this.lockingRead = dialect == Dialect.H2 ? new H2LockingRead() : null;
        this.counts = new ListCounts(changes);
        this.pool = pool;
        this.writeTimeout = writeTimeout;
        this.dialect = dialect;
    }

    @Override
    /**
     * A GET by name: the DAO's statement over plain JDBC, the one read that skips JDBI. Measured over HTTP on the
     * 2-core machine (bench/run.sh, get-one, one run each): 6,900 req/s through the one-method DAO against 26,900
     * before the DAOs, when this read was plain JDBC (JDBI's extension lookup and attach took half the CPU). From
     * memory when the document was read since any document last changed ({@link DocumentCache}).
     */
    public Optional<StoredDocument> find(String resource, String name) {
        return cache == null ? read(resource, name) : cache.find(resource, name, () -> read(resource, name));
    }

    private Optional<StoredDocument> read(String resource, String name) {
        return StoreErrors.translate(() -> {
            try (Connection connection = pool.getConnection();
                 PreparedStatement statement = connection.prepareStatement(FIND_JDBC)) {
                statement.setString(1, resource);
                statement.setString(2, name);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? Optional.of(ROWS.map(row, null)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new ConnectionException(e);
            }
        });
    }

    @Override
    public List<StoredDocument> list(String resource) {
        return StoreErrors.translate(() -> jdbi.withExtension(DocumentListDao.class, dao -> dao.list(resource)));
    }

    @Override
    public long bodyBytes(String resource, ListQuery query) {
        ListStatement list = ListStatement.of(query);
        return StoreErrors.translate(() -> jdbi.withExtension(DocumentListDao.class,
                dao -> dao.bodyBytes(list.joins(), list.after(), list.page(), resource, list.pageValues())));
    }

    @Override
    public DocumentPage list(String resource, ListQuery query) {
        ListStatement list = ListStatement.of(query);
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            DocumentListDao dao = handle.attach(DocumentListDao.class);
            List<StoredDocument> documents = dao.page(list.joins(), list.after(), list.page(), resource, list.pageValues());
            if (query.limit() == null) {
                return new DocumentPage(documents, documents.size()); // all of them: no count needed
            }
            return new DocumentPage(documents, counts.count(resource, query.filters(),
                    () -> dao.count(list.joins(), resource, list.filterValues())));
        }));
    }

    @Override
    public List<DocumentKey> referencedBy(String resource, String name) {
        return StoreErrors.translate(() -> jdbi.withExtension(DocumentDao.class, dao -> dao.referencedBy(resource, name)));
    }

    @Override
    public HistoryPage history(String resource, String name, long offset, int limit) {
        return StoreErrors.translate(() -> jdbi.inTransaction(handle -> {
            HistoryDao dao = handle.attach(HistoryDao.class);
            return new HistoryPage(dao.history(resource, name, offset, limit), dao.historyCount(resource, name));
        }));
    }

    @Override
    public long historyBytes(String resource, String name, long offset, int limit) {
        return StoreErrors.translate(() -> jdbi.withExtension(HistoryDao.class,
                dao -> dao.historyBytes(resource, name, offset, limit)));
    }

    @Override
    public List<Divergence> diverged() {
        return StoreErrors.translate(() -> jdbi.withExtension(HistoryDao.class, HistoryDao::diverged));
    }

    @Override
    public Optional<HistoryEntry> historyEntry(String resource, String name, long version) {
        return StoreErrors.translate(() -> jdbi.withExtension(HistoryDao.class,
                dao -> dao.historyEntry(resource, name, version)));
    }

    @Override
    public void afterCommit(Runnable listener) {
        this.afterCommit = listener;
    }

    @Override
    public <T> T inTransaction(Actor actor, Function<DocumentTransaction, T> work) {
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                Set<String> changed = new HashSet<>();
                WriteTransaction[] transaction = new WriteTransaction[1];
                T result;
                try (ReferenceGuards.Lease guard = guards.lease()) { // given back after the commit, not before
                    result = StoreErrors.translate(() -> jdbi.withHandle(handle -> {
                        boolean[] limited = new boolean[1];
                        try {
                            return handle.inTransaction(tx -> {
                                // a row another client holds cannot keep it past the deadline
                                limited[0] = dialect.setLockTimeout(tx, deadline, writeTimeout);
                                transaction[0] = new WriteTransaction(tx, dialect, actor, changed, guard, lockingRead);
                                try {
                                    return work.apply(transaction[0]);
                                } catch (RuntimeException failed) {
                                    if (transaction[0].nothingToUndo()) {
                                        try {
                                            tx.getConnection().commit(); // releases its locks without a rollback (see nothingToUndo)
                                            changed.forEach(counts::changed); // a deleted row restored as deleted
                                        } catch (SQLException notCommitted) {
                                            failed.addSuppressed(notCommitted); // rolled back as before
                                        }
                                    }
                                    throw failed;
                                }
                            });
                        } finally {
                            if (limited[0]) {
                                dialect.restoreLockTimeout(handle, writeTimeout);
                            }
                        }
                    }));
                }
                changed.forEach(counts::changed); // after the commit: a total counted from now on includes it
                if (transaction[0] != null && transaction[0].recorded()) {
                    afterCommit.run();
                }
                return result;
            } catch (RuntimeException e) {
                if (!StoreErrors.isRetryable(e)) {
                    throw e;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new StoreBusyException("the write could not be committed within " + writeTimeout.toMillis()
                            + " ms (" + attempt + " attempts met concurrent writes or locks); nothing was stored, try again", e);
                }
                backOff(attempt);
            }
        }
    }

    /** A random pause that grows with the attempts (up to about 40 ms), so racing writers spread out. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(0, 2L * Math.min(attempt, 20) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreBusyException("interrupted while waiting to retry a write", e);
        }
    }
}
