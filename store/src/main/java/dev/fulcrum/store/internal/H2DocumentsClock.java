package dev.fulcrum.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.db.MVIndex;
import org.h2.mvstore.db.MVTable;
import org.h2.table.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock of an embedded H2 database's documents, for {@link DocumentCache}: the root page of the documents table's
 * row map, compared by identity. H2's maps are copy-on-write, so every change of a row (an insert, update or delete,
 * a commit's or a rollback's rewriting of it) makes a new root page, and a transaction's commit rewrites each row it
 * changed before the commit returns to the writer (H2's {@code TransactionStore.commit}). So the root page read
 * before a query is still the root page afterwards only if no row of the table changed meanwhile, whoever changed it
 * (this server's writes, the command line's through the AUTO_SERVER port, any other session). Commits that change no
 * document (an audit entry, a token's last use, a connection's check, the change stream's numbering) leave it alone:
 * the store's version, the clock before, moved with each of them and emptied the cache every few seconds
 * (bench/RESULTS.md, 2026-12-02). Not the map's root reference: H2 makes a new one for every map at every store,
 * with the same page. An old root page comes back only when a whole map is rolled back to an earlier version
 * ({@code MVMap.rollbackTo}), which H2 does when it opens a store, never for a transaction.
 */
public final class H2DocumentsClock implements Supplier<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(H2DocumentsClock.class);
    /** How often, at most, a closed map is looked up again while the database is not yet open again. */
    private static final long RETRY_NANOS = 100_000_000L;
    private final DataSource pool;
    /** Sessions of a closed database tried in one lookup: the pool holds no more. */
    private final int poolSize;
    private volatile MVMap<?, ?> map;
    private volatile long nextLookup;

    private H2DocumentsClock(DataSource pool, int poolSize, MVMap<?, ?> map) {
        this.pool = pool;
        this.poolSize = poolSize;
        this.map = map;
    }

    /**
     * The clock of the documents table that {@code pool} reaches in this process: the current root, compared by
     * identity; null for any other database.
     */
    public static Supplier<Object> of(DataSource pool, int poolSize) {
        try {
            MVMap<?, ?> map = documentsMap(pool, poolSize);
            return map == null ? null : new H2DocumentsClock(pool, poolSize, map);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot reach H2's documents table ({}): documents are read from the database every time",
                    e.toString());
            return null;
        }
    }

    @Override
    public Object get() {
        MVMap<?, ?> current = map;
        if (!current.isClosed()) {
            return current.getRootPage();
        }
        // H2 closed the database (its table dropped and made again by hand, or a fatal error, after which the pool
        // opens it again: H2ClosedSessions): a fresh object matches nothing, until the new map is found
        long now = System.nanoTime();
        if (now - nextLookup >= 0) {
            nextLookup = now + RETRY_NANOS;
            try {
                MVMap<?, ?> found = documentsMap(pool, poolSize);
                if (found != null && !found.isClosed()) {
                    map = found;
                }
            } catch (SQLException | RuntimeException e) {
                // not open yet: the reads go to the database, which says so
            }
        }
        return new Object();
    }

    /**
     * The documents table's row map, through a session of the pool. A session of a database H2 closed still hands out
     * its closed map and passes the pool's checks: a statement on it fails, and the pool replaces it (H2ClosedSessions);
     * then the next session is tried, up to the pool's size.
     */
    private static MVMap<?, ?> documentsMap(DataSource pool, int poolSize) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection connection = pool.getConnection()) {
                SessionLocal local = H2Access.localSession(connection);
                if (local == null) {
                    return null; // another process holds the file (the CLI beside a running server): no cache
                }
                Table table = local.getDatabase().getSchema(local.getCurrentSchemaName()).findTableOrView(local, "DOCUMENTS");
                if (!(table instanceof MVTable mvTable) || !(mvTable.getScanIndex(local) instanceof MVIndex<?, ?> rows)) {
                    LOG.warn("H2's documents table is not where it should be: documents are read from the database every time");
                    return null;
                }
                MVMap<?, ?> map = rows.getMVMap();
                if (!map.isClosed() || attempt >= poolSize) {
                    return map;
                }
                try (Statement probe = connection.createStatement()) {
                    probe.execute("SELECT 1"); // "the database has been closed": the pool lets this session go
                } catch (SQLException expected) {
                    // evicted
                }
            }
        }
    }
}
