package dev.fulcrum.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit clock of an embedded H2 database, for {@link DocumentCache}: its file store's current version. With
 * WRITE_DELAY=0 ({@link H2Access}) every commit that changes anything ends by storing, inside the committing
 * session's commit and after its changes became visible to other sessions, and each store moves the version on
 * (H2's {@code TransactionStore.endTransaction} then {@code MVStore.commit}); so does a rollback that put back
 * anything. Whatever session commits, the server's or one of the AUTO_SERVER port's, it is the same store.
 */
public final class H2CommitClock {
    private static final Logger LOG = LoggerFactory.getLogger(H2CommitClock.class);

    private H2CommitClock() {
    }

    /** The clock of the H2 file store that {@code pool} reaches in this process; null for any other database. */
    public static LongSupplier of(DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local)) {
                return null; // another process holds the file (the CLI beside a running server): no cache
            }
            MVStore store = local.getDatabase().getStore().getMvStore();
            return store::getCurrentVersion;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot reach H2's file store ({}): documents are read from the database every time", e.toString());
            return null;
        }
    }
}
