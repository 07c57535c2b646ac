package dev.fulcrum.store.internal;

import dev.fulcrum.store.Leadership;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * Leadership by a PostgreSQL session-level advisory lock, held on a connection of its own (not the pool's, which
 * would hand the session, and the lock, to any request). The lock lives as long as that session: when the leader's
 * process dies, PostgreSQL ends the session and the lock is free for the next instance that asks.
 */
public final class AdvisoryLockLeadership implements Leadership, AutoCloseable {
    /** The lock's key, "Fulc" in ASCII: advisory locks are per database, so one key serves every deployment. */
    private static final long KEY = 0x46756c63L;
    private static final String HOLDS = "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND pid = pg_backend_pid() AND classid = 0 AND objid::text = '" + KEY + "' AND objsubid = 1";
    private final Callable<Connection> connect;
    private Connection connection;
    private boolean closed;

    /** @param connect opens a connection of the leadership's own */
    public AdvisoryLockLeadership(Callable<Connection> connect) {
        this.connect = connect;
    }

    @Override
    public synchronized boolean lead() {
        if (closed) {
            return false;
        }
        try {
            if (connection == null) {
                connection = connect.call();
            }
            return ask(HOLDS) > 0 || ask("SELECT CASE WHEN pg_try_advisory_lock(" + KEY + ") THEN 1 ELSE 0 END") > 0;
        } catch (Exception e) { // the session is gone, and the lock with it: the next call connects again
            drop();
            return false;
        }
    }

    private long ask(String query) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setQueryTimeout(5);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // lost already
            }
            connection = null;
        }
    }

    /** Lets go of the lock (with the session) at once, so that another instance takes over without waiting. */
    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }
}
