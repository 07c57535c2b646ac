package dev.fulcrum.store.internal;

import dev.fulcrum.store.OwnerOnlyFiles;
import dev.fulcrum.store.StoreUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.api.ErrorCode;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open the H2 database, and how its files are kept. Another user of the machine must not get in:
 * the database's directory is 0700 and its files 0600 (fixed on every start, since H2 creates them under
 * the umask); its admin and the server's own user have random passwords from an owner-only file; and the
 * server's connections are not admin, so even they cannot read files or compile Java in the server (H2 lets
 * only admins do that, and no setting turns off the compiling of CREATE ALIAS ... AS source).
 */
public final class H2Access {
    private static final Logger LOG = LoggerFactory.getLogger(H2Access.class);
    /**
     * H2 keeps its page cache on the Java heap, strongly held: a cache larger than the heap allows ends in an
     * OutOfMemoryError once the database outgrows it. A quarter of the heap, at most 256 MB: 48 MB under the 192 MB
     * heap bin/fulcrum gives the server (bench/RESULTS.md, "Memory and startup").
     */
    private static final long H2_CACHE_KB = Math.min(256 * 1024, Runtime.getRuntime().maxMemory() / 4 / 1024);
    /**
     * Parsed statements each session keeps (H2's default: 8). A write runs about a dozen different statements, so with
     * 8 each write parsed most of them again (17% of a write's CPU in a profile of the store alone).
     */
    private static final int QUERY_CACHE = 64;

    private H2Access() {
    }

    /**
     * How to log in: the server's connections as {@code user}, migrations as {@code adminUser}. While it is open,
     * an admin session holds the database open, with the settings that only an admin may make.
     */
    public record Logins(String url, String user, String password, String adminUrl, String adminUser,
                         String adminPassword, Connection admin) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(admin);
        }

        @Override
        public String toString() {
            return "Logins[" + url + " as " + user + ", migrations as " + adminUser + "]"; // never the passwords
        }
    }

    /**
     * Makes the database's directory, finds (or makes) its credentials, and brings the database's users in line
     * with them; a database whose admin is still {@code sa} with an empty password (as Fulcrum made them
     * before) gets the admin of the credentials file, and loses {@code sa}. Users the operator configured are
     * used as they are, for migrations and the server alike.
     */
    public static Logins prepare(Path database, String configuredUser, String configuredPassword) {
        Path file = database.toAbsolutePath().normalize();
        try {
            OwnerOnlyFiles.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        warnIfOpenToOthers(file.getParent());
        if (configuredUser != null || configuredPassword != null) {
            String user = configuredUser == null ? "sa" : configuredUser;
            String password = configuredPassword == null ? "" : configuredPassword;
            return new Logins(adminUrl(file), user, password, adminUrl(file), user, password, null);
        }
        Path credentialsFile = credentialsFile(file);
        H2Credentials credentials = credentials(credentialsFile);
        Connection admin = null;
        try {
            admin = adminConnection(adminUrl(file), credentials, credentialsFile);
            sizeCache(admin);
            H2LeftoverCommits.finish(admin); // before anything writes: migrations, users
            setUpUsers(admin, credentials);
            restrictFiles(file);
        } catch (SQLException e) {
            closeQuietly(admin);
            throw new StoreUnavailableException("the state database could not be opened: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(admin);
            throw e;
        }
        return new Logins(userUrl(file), H2Credentials.USER, credentials.password(), adminUrl(file), H2Credentials.ADMIN,
                credentials.adminPassword(), admin);
    }

    /** Makes every file of the database 0600: H2 creates them (and its lock file at each opening) under the umask. */
    public static void restrictFiles(Path database) {
        Path file = database.toAbsolutePath().normalize();
        String prefix = file.getFileName() + ".";
        List<Path> files;
        try (var listing = Files.list(file.getParent())) {
            files = listing.filter(path -> path.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot list the directory of " + file + ": " + e.getMessage(), e);
        }
        for (Path each : files) {
            try {
                if (Files.isRegularFile(each)) {
                    OwnerOnlyFiles.restrict(each);
                }
            } catch (NoSuchFileException gone) {
                // a temporary file H2 removed meanwhile
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot make " + each + " readable only by its owner: " + e, e);
            }
        }
    }

    /**
     * A directory that existed before (an earlier Fulcrum made it 0755) is left as it is; what H2 creates in it
     * while running (a trace file, temporary files) has the umask's modes until the next start.
     */
    private static void warnIfOpenToOthers(Path dir) {
        try {
            OwnerOnlyFiles.openToOthers(dir).ifPresent(mode -> LOG.warn("the database directory {} is open to other users"
                    + " ({}); Fulcrum keeps its own files in it 0600, but consider chmod 700 {}", dir, mode, dir));
        } catch (IOException e) {
            LOG.warn("cannot read the mode of {}: {}", dir, e.getMessage());
        }
    }

    /** Where the credentials of the database {@code file} (a path without {@code .mv.db}) are kept. */
    static Path credentialsFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".credentials");
    }

    private static H2Credentials credentials(Path credentialsFile) {
        try {
            if (!Files.exists(credentialsFile) && H2Credentials.create(credentialsFile)) {
                LOG.info("made new H2 credentials in {}", credentialsFile);
            }
            return H2Credentials.read(credentialsFile);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot use the database credentials file " + credentialsFile + ": " + e, e);
        }
    }

    private static Connection adminConnection(String url, H2Credentials credentials, Path credentialsFile) throws SQLException {
        try {
            return H2Connections.open(url, H2Credentials.ADMIN, credentials.adminPassword());
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw e;
            }
        }
        // a database from before Fulcrum made its users: sa, with an empty password, was its admin
        try (Connection legacy = H2Connections.open(url, "sa", "")) {
            execute(legacy, "CREATE USER IF NOT EXISTS " + H2Credentials.ADMIN + " PASSWORD ? ADMIN", credentials.adminPassword());
            execute(legacy, "ALTER USER " + H2Credentials.ADMIN + " SET PASSWORD ?", credentials.adminPassword());
            LOG.info("the state database's admin is now {} (from {}), instead of sa with an empty password",
                    H2Credentials.ADMIN, credentialsFile);
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw e;
            }
            throw new SQLException("it refuses the credentials in " + credentialsFile + "; restore the file that was made"
                    + " with this database, or set stateStore.user and stateStore.password to its own", e);
        }
        return H2Connections.open(url, H2Credentials.ADMIN, credentials.adminPassword());
    }

    /** Each start, so that a half-done migration of the users (a crash between two statements) completes. */
    private static void setUpUsers(Connection admin, H2Credentials credentials) throws SQLException {
        execute(admin, "DROP USER IF EXISTS SA");
        execute(admin, "CREATE USER IF NOT EXISTS " + H2Credentials.USER + " PASSWORD ?", credentials.password());
        execute(admin, "ALTER USER " + H2Credentials.USER + " SET PASSWORD ?", credentials.password());
        execute(admin, "ALTER USER " + H2Credentials.USER + " ADMIN FALSE");
        // rows only: no DDL, and (not being admin) no files, links or Java
        execute(admin, "GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO " + H2Credentials.USER);
        refuseForeignObjects(admin);
        // the one Java function Fulcrum makes: a CLI's commits through the AUTO_SERVER port made safe by the server
        execute(admin, "CREATE ALIAS IF NOT EXISTS " + H2HeaderAfterCommit.ALIAS + " FOR \"" + H2HeaderAfterCommit.ALIAS_TARGET
                + "\"");
    }

    /**
     * Fulcrum makes no other users, no triggers and no Java function but its own {@link H2HeaderAfterCommit#ALIAS}. A database that was open to every local
     * user (before Fulcrum made its users) may carry some planted to keep a way in, or to run code in the server:
     * refuse to run on it until an operator has looked.
     */
    private static void refuseForeignObjects(Connection admin) throws SQLException {
        List<String> foreign = new ArrayList<>();
        try (Statement statement = admin.createStatement()) {
            for (String query : new String[] {
                    "SELECT 'user ' || USER_NAME FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME NOT IN ('"
                            + H2Credentials.ADMIN + "', '" + H2Credentials.USER + "')",
                    "SELECT 'trigger ' || TRIGGER_SCHEMA || '.' || TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS",
                    "SELECT 'function ' || ROUTINE_SCHEMA || '.' || ROUTINE_NAME FROM INFORMATION_SCHEMA.ROUTINES"
                            + " WHERE NOT (ROUTINE_SCHEMA = 'PUBLIC' AND ROUTINE_NAME = '" + H2HeaderAfterCommit.ALIAS
                            + "' AND EXTERNAL_NAME = '" + H2HeaderAfterCommit.ALIAS_TARGET + "')"}) {
                try (ResultSet rows = statement.executeQuery(query)) {
                    while (rows.next()) {
                        foreign.add(rows.getString(1));
                    }
                }
            }
        }
        if (!foreign.isEmpty()) {
            throw new SQLException("it holds what Fulcrum never makes, perhaps planted while the database was open to"
                    + " other local users: " + String.join(", ", foreign) + ". Look at them (H2's Shell, as the"
                    + " admin in the credentials file), drop them, then start again");
        }
    }

    private static void closeQuietly(Connection admin) {
        if (admin != null) {
            try {
                admin.close();
            } catch (SQLException e) {
                LOG.warn("closing the admin session of the state database failed: {}", e.getMessage());
            }
        }
    }

    private static void execute(Connection connection, String sql, String... parameters) throws SQLException {
        if (parameters.length == 0) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    /**
     * WRITE_DELAY=0: every commit reaches the file before it is acknowledged, so an acknowledged write survives
     * kill -9 (with {@link H2HeaderAfterCommit}, without which H2 2.5 may not find it again). (A group commit, one
     * store for all the commits waiting for it, wrote half as many chunks but as many bytes, and no more writes a
     * second: a write's CPU is in its statements, not in the store; bench/RESULTS.md.) CACHE_SIZE (KB, filled only as pages are read): H2's default of 16 MB did not hold 100,000 cubes
     * with their history, so a random GET by name read the file (measured: 49% of trivial, 61% with this). All three
     * need an admin, so the admin session that opens the database sets them. The cache's size is not in the URL: H2
     * applies a URL's settings to the database the session reaches, and a command's session reaches a running
     * server's database through that server, so each command made its own JVM's quarter (256 MB) the server's cache,
     * in a 192 MB heap; large documents then filled the heap and H2 closed the database. {@link #sizeCache} sets it
     * from the process that holds the database only.
     */
    private static String adminUrl(Path file) {
        return userUrl(file) + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=" + QUERY_CACHE;
    }

    /**
     * Sizes H2's page cache for this process's heap when {@code admin} (a session of an admin) is a session of this
     * process's own database, opened here; a session that reaches another process's database (a command beside the
     * server) leaves that process's cache alone.
     */
    static void sizeCache(Connection admin) throws SQLException {
        if (localSession(admin) != null) {
            execute(admin, "SET CACHE_SIZE " + H2_CACHE_KB);
        }
    }

    /**
     * This process's own H2 session behind {@code connection}; null when the session reaches the database of another
     * process (a command beside a running server, through the AUTO_SERVER port) or the connection is not H2's.
     */
    static SessionLocal localSession(Connection connection) throws SQLException {
        return connection.isWrapperFor(JdbcConnection.class)
                && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local ? local : null;
    }

    /** AUTO_SERVER: the CLI may open the same file while the server runs. */
    private static String userUrl(Path file) {
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
    }
}
