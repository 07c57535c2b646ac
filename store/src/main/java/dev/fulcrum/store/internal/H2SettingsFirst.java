package dev.fulcrum.store.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;

/**
 * The pool's connections to an embedded H2 database, each checked for the database's settings ({@link H2Access}: no
 * write delay, the cache's size). H2 takes those settings from the session that opens the database, and only an
 * admin may make them; the server's own user may not. At start the migrations' admin session opens it; but when H2
 * closes the database after a fatal error and the pool opens it again ({@link H2ClosedSessions}), a session of the
 * server's user opened it with H2's defaults: commits written to the file half a second later, so an acknowledged
 * write could be lost to a kill -9 (DatabasePanicTest saw it). A session that finds the database with a write delay
 * (it opened it) has an admin session make the settings before the pool hands it out, and the commits a crash left
 * half done finished ({@link H2LeftoverCommits}). The pool makes connections at start and when it replaces one.
 */
public final class H2SettingsFirst implements DataSource {
    private final H2Access.Logins logins;
    /** Kept for the pool, which waits this long for its connection maker at shutdown (0 made it warn each time). */
    private volatile int loginTimeoutSeconds;

    public H2SettingsFirst(H2Access.Logins logins) {
        this.logins = logins;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = H2Connections.open(logins.url(), logins.user(), logins.password());
        try {
            if (openedWithoutSettings(connection)) {
                try (Connection admin = H2Connections.open(logins.adminUrl(), logins.adminUser(),
                        logins.adminPassword())) {
                    H2Access.sizeCache(admin); // its settings are the database's now, before any session of the pool writes
                }
            } else if (logins.user().equals(logins.adminUser()) && logins.url().equals(logins.adminUrl())) {
                H2Access.sizeCache(connection); // the operator's own admin login: no admin session of ours sized it
            }
            H2LeftoverCommits.finish(connection); // the database may have been opened just now, after a fatal error
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Whether this session opened the database itself, with H2's write delay instead of the admin's none. */
    private static boolean openedWithoutSettings(Connection connection) throws SQLException {
        SessionLocal session = H2Access.localSession(connection);
        return session != null && session.getDatabase().getWriteDelay() != 0;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool logs in as the server's user");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
