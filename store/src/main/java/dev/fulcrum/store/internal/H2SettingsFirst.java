package dev.fulcrum.store.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool's connections to an embedded H2 database, each made after an admin session with the database's settings
 * ({@link H2Access}: no write delay, the cache's size). H2 takes those settings from the session that opens the
 * database, and only an admin may make them; the server's own user may not. At start the migrations' admin session
 * opens it; but when H2 closes the database after a fatal error and the pool opens it again ({@link
 * H2ClosedSessions}), a session of the server's user would open it with H2's defaults: commits written to the file
 * half a second later, so an acknowledged write could be lost to a kill -9 (DatabasePanicTest saw it). The admin
 * session is closed as soon as the connection is made; on a database already open it only sets the same values
 * again. The pool makes connections at start and when it replaces one, not per request. A database opened here
 * first has the commits a crash left half done finished ({@link H2LeftoverCommits}) before the pool writes to it.
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
        try (Connection admin = DriverManager.getConnection(logins.adminUrl(), logins.adminUser(), logins.adminPassword())) {
            H2LeftoverCommits.finish(admin); // the database may have been opened just now, after a fatal error
            return DriverManager.getConnection(logins.url(), logins.user(), logins.password());
        }
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
