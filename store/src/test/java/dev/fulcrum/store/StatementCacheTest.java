package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;

/**
 * Writes keep H2's parsed statements: every {@code SET} on H2 counts as a change of the database's metadata and
 * empties the statement cache of every session, so a write that set its lock timeout made all writes parse all their
 * statements again. Writes that wait for a pooled connection (64 writers, 16 connections) must not set it.
 */
class StatementCacheTest {
    @Test
    void writes_that_waited_for_a_connection_leave_every_sessions_statement_cache_alone() throws Exception {
        try (Database database = TestDatabase.H2.open(Duration.ofSeconds(10))) {
            String resource = TestDatabase.unique("dashboards");
            writeAtOnce(database, resource, "first-"); // the pool opens its connections (each one SETs its timeout)
            long before = metadataChanges(database);

            writeAtOnce(database, resource, "second-");

            // H2 itself changes its metadata now and then (it analyzes a table whose rows doubled); a SET per write
            // changed it 256 times
            assertThat(metadataChanges(database) - before).as("H2's metadata changes (each empties every statement cache)")
                    .isLessThan(32);
        }
    }

    /** 256 writes by 64 threads: most of them wait for one of the pool's 16 connections. */
    private static void writeAtOnce(Database database, String resource, String prefix) {
        ExecutorService writers = Executors.newFixedThreadPool(64);
        try {
            List<CompletableFuture<StoredDocument>> writes = new ArrayList<>();
            for (int i = 0; i < 256; i++) {
                String name = prefix + i;
                writes.add(CompletableFuture.supplyAsync(() -> database.documents().inTransaction(tx -> {
                    sleep(); // holds its connection a moment, so that the others wait for one
                    return tx.insert(resource, name, "{}", null);
                }), writers));
            }
            writes.forEach(CompletableFuture::join);
        } finally {
            writers.shutdown();
        }
    }

    private static long metadataChanges(Database database) throws Exception {
        try (Connection connection = database.dataSource().getConnection()) {
            return ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase()
                    .getModificationMetaId();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
