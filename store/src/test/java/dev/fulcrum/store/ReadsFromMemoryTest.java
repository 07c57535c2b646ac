package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.h2.engine.QueryStatisticsData;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On H2 a read by name is answered from memory until a document changes (README, "Reads from memory"): commits that
 * change no document leave what was read in memory, and any change of a document, by any session, does not. Counted
 * by H2's own statistics of the statements it ran.
 */
class ReadsFromMemoryTest {
    private final Database database = Database.open(TestDatabase.H2.newConfig(TestDatabase.WRITE_TIMEOUT));
    private final DocumentStore store = database.documents();
    private QueryStatisticsData statistics;

    ReadsFromMemoryTest() throws Exception {
        statistics = countStatements();
    }

    /** Turns on H2's statistics of the statements it runs, in the database the pool reaches now. */
    private QueryStatisticsData countStatements() throws Exception {
        try (Connection connection = database.dataSource().getConnection()) {
            org.h2.engine.Database h2 = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase();
            h2.setQueryStatistics(true);
            return h2.getQueryStatisticsData();
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void commits_that_change_no_document_leave_what_was_read_in_memory() {
        store.inTransaction(tx -> tx.insert("roles", "kept", "{\"title\":\"kept\"}", null));
        database.tokens().create(new NewToken("reader", "hash-reader", Instant.now(), "viewers", null, "cli", null, null));
        store.find("roles", "kept");
        long before = reads();

        for (int i = 0; i < 5; i++) { // commits of other tables
            database.audit().appendAll(List.of(new AuditEntry(0, Instant.now(), Actor.SYSTEM, "127.0.0.1", "GET",
                    "/api/v1/roles/kept", "roles", "kept", 401, List.of(), "req-" + i)));
            database.tokens().touch("hash-reader", Instant.now());
            database.events().sequence();
            assertThat(store.find("roles", "kept").orElseThrow().body()).isEqualTo("{\"title\":\"kept\"}");
        }

        assertThat(reads() - before).as("reads of the database by name").isZero();
    }

    @Test
    void any_change_of_a_document_is_read_from_the_database_again() throws Exception {
        store.inTransaction(tx -> tx.insert("roles", "changed", "{\"title\":\"v1\"}", null));
        store.find("roles", "changed");

        store.inTransaction(tx -> tx.insert("dashboards", "another", "{}", null)); // another document, another kind
        long before = reads();
        assertThat(store.find("roles", "changed").orElseThrow().body()).isEqualTo("{\"title\":\"v1\"}");
        assertThat(reads() - before).as("a change of any document empties the memory").isEqualTo(1);

        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE documents SET body = '{\"title\":\"v2\"}', version = 2 WHERE resource = 'roles' AND name = 'changed'")) {
            assertThat(update.executeUpdate()).isEqualTo(1); // a session of its own, as a command line's would be
        }
        assertThat(store.find("roles", "changed").orElseThrow().version()).isEqualTo(2);
        assertThat(store.find("roles", "changed").orElseThrow().body()).isEqualTo("{\"title\":\"v2\"}");
    }

    @Test
    void after_h2_closes_the_database_on_a_fatal_error_it_is_opened_again_and_reads_come_from_memory_again() throws Exception {
        store.inTransaction(tx -> tx.insert("roles", "reopened", "{\"title\":\"v1\"}", null));
        store.find("roles", "reopened");
        try (Connection connection = database.dataSource().getConnection()) {
            MVStore h2 = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore()
                    .getMvStore();
            Method panic = MVStore.class.getDeclaredMethod("panic", MVStoreException.class);
            panic.setAccessible(true);
            try {
                panic.invoke(h2, DataUtils.newMVStoreException(DataUtils.ERROR_INTERNAL, "the test's fatal error"));
            } catch (InvocationTargetException expected) {
                // what H2 does on an error it cannot go on from: the store and the database close
            }
        } catch (SQLException closed) {
            // giving the connection back reports the database's error again
        }

        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) { // the pool replaces the sessions of the closed database as they fail
            try {
                assertThat(store.find("roles", "reopened").orElseThrow().body()).isEqualTo("{\"title\":\"v1\"}");
                break;
            } catch (StoreUnavailableException notYet) {
                assertThat(System.nanoTime()).as("open again within 10 s: %s", notYet.getMessage()).isLessThan(deadline);
            }
        }
        statistics = countStatements(); // the database opened again counts afresh
        store.find("roles", "reopened");
        long before = reads();
        for (int i = 0; i < 3; i++) {
            assertThat(store.find("roles", "reopened").orElseThrow().body()).isEqualTo("{\"title\":\"v1\"}");
        }
        assertThat(reads() - before).as("reads of the database by name, once it is open again").isZero();
        store.inTransaction(tx -> tx.update(tx.findCurrent("roles", "reopened").orElseThrow(), "{\"title\":\"v2\"}", null));
        assertThat(store.find("roles", "reopened").orElseThrow().body()).isEqualTo("{\"title\":\"v2\"}");
    }

    /** How many times H2 ran the read of one document by name. */
    private long reads() {
        return statistics.getQueries().stream().filter(query -> query.sqlStatement.contains("FROM documents WHERE")
                && !query.sqlStatement.contains("FOR UPDATE")).mapToLong(query -> query.count).sum();
    }
}
