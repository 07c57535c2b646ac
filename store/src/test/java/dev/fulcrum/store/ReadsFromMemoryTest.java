package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import org.h2.engine.QueryStatisticsData;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
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
    private final QueryStatisticsData statistics;

    ReadsFromMemoryTest() throws Exception {
        try (Connection connection = database.dataSource().getConnection()) {
            org.h2.engine.Database h2 = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase();
            h2.setQueryStatistics(true);
            statistics = h2.getQueryStatisticsData();
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

    /** How many times H2 ran the read of one document by name. */
    private long reads() {
        return statistics.getQueries().stream().filter(query -> query.sqlStatement.contains("FROM documents WHERE")
                && !query.sqlStatement.contains("FOR UPDATE")).mapToLong(query -> query.count).sum();
    }
}
