package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.store.internal.H2Access;
import dev.fulcrum.store.internal.H2SettingsFirst;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.tx.Transaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file as a kill -9 in the middle of a commit leaves it (made with plain JDBC: six writers, each
 * transaction an UPDATE of one row of {@code t} and the replacement of its five rows in {@code f}, killed at a random
 * moment; 3 kills of 100 left such a file). H2 2.5.252 opens it with the commit half done and never finished: one
 * row of t shows the transaction's value beside the rows in f as they were before it, and a write of one of its
 * rows spins forever. The pool's sessions ({@link H2SettingsFirst}) finish it first.
 */
class LeftoverCommitsTest {
    @TempDir
    Path dir;

    @Test
    void h2_alone_leaves_the_interrupted_commit_open() throws Exception {
        String url = unpack();
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertThat(leftovers(connection)).as("transactions H2 found committed in the file and left open").isNotEmpty();
            assertThat(torn(connection)).as("rows of t whose rows in f another transaction wrote").isPositive();
        }
    }

    @Test
    void sessions_of_the_pool_finish_it_so_every_row_takes_a_write_and_no_commit_is_half_done() throws Exception {
        String url = unpack();
        try (Connection connection = new H2SettingsFirst(new H2Access.Logins(url, "sa", "", url, "sa", "", null))
                .getConnection()) {
            assertThat(leftovers(connection)).as("transactions left open").isEmpty();
            assertThat(torn(connection)).as("rows of t whose rows in f another transaction wrote: a commit half applied")
                    .isZero();
            assertWritesEnd(url, connection);
        }
    }

    /** Every row of both tables written; a writer that has not finished in 10 s is spinning: the database is shut. */
    private static void assertWritesEnd(String url, Connection connection) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCK_TIMEOUT 2000");
                statement.execute("UPDATE t SET v = 'after'");
                statement.execute("DELETE FROM f");
                outcome.set("done");
            } catch (SQLException e) {
                outcome.set(e);
            }
        });
        writer.setDaemon(true);
        writer.start();
        writer.join(10_000);
        if (writer.isAlive()) {
            try (Connection other = DriverManager.getConnection(url, "sa", "")) {
                other.createStatement().execute("SHUTDOWN IMMEDIATELY"); // the only way to stop the spinning writer
            } catch (SQLException expected) {
                // closed under us
            }
        }
        assertThat(outcome.get()).as("a write of every row").isEqualTo("done");
    }

    /** Each transaction wrote t's row {@code v} and its five rows in f as {@code v} and a digit. */
    private static int torn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(DISTINCT t.id) FROM t JOIN f ON f.doc = t.id"
                     + " WHERE f.v <> t.v || SUBSTRING(f.v, LENGTH(f.v))")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<String> leftovers(Connection connection) throws Exception {
        SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
        Field owner = Transaction.class.getDeclaredField("ownerId");
        owner.setAccessible(true);
        List<String> found = new ArrayList<>();
        for (Transaction transaction : session.getDatabase().getStore().getTransactionStore().getOpenTransactions()) {
            if (owner.getInt(transaction) == 0) {
                found.add(transaction.toString());
            }
        }
        return found;
    }

    private String unpack() throws Exception {
        try (InputStream packed = getClass().getResourceAsStream("/half-committed.mv.db.gz")) {
            assertThat(packed).as("the test's database file").isNotNull();
            Files.copy(new GZIPInputStream(packed), dir.resolve("db.mv.db"));
        }
        return "jdbc:h2:file:" + dir.resolve("db");
    }
}
