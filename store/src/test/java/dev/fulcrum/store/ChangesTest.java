package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a database announces: every committed change on PostgreSQL, never a rolled-back one; nothing on H2. */
class ChangesTest {

    @Test
    void on_postgresql_committed_changes_are_heard_and_rolled_back_ones_are_not() throws Exception {
        try (Database database = TestDatabase.POSTGRESQL.open(TestDatabase.WRITE_TIMEOUT)) {
            BlockingQueue<Change> heard = new LinkedBlockingQueue<>();
            database.changes().subscribe(heard::add);
            database.listen();
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(Change.ANYTHING); // listening: forget what was cached
            assertThat(database.changes().heard()).isTrue();

            assertThatThrownBy(() -> database.documents().inTransaction(tx -> {
                tx.insert("dashboards", "rolled-back", "{}", null);
                throw new IllegalStateException("rolled back");
            })).hasMessage("rolled back");
            database.documents().inTransaction(tx -> tx.insert("dashboards", "kept", "{}", null));
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(new Change("dashboards", "kept"));

            database.tokens().create(new NewToken("t", "hash-t", Instant.now(), "viewers", null, "cli", null, null));
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(new Change(Change.TOKENS, "t"));
            database.tokens().revoke("t", Instant.now());
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(new Change(Change.TOKENS, "t"));
            database.tokens().touch("hash-t", Instant.now()); // a last use is no change anyone caches
            database.connectionStates().transition("druid", "STOPPED", "stopped by request");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo(new Change(Change.CONNECTION_STATES, "druid"));
        }
    }

    @Test
    void on_h2_nothing_is_heard_and_caches_poll() {
        try (Database database = TestDatabase.H2.open(TestDatabase.WRITE_TIMEOUT)) {
            database.listen();
            assertThat(database.changes().heard()).isFalse();
            assertThat(database.changes().maxAgeNanos()).isEqualTo(Changes.WHILE_DEAF.toNanos());
            assertThat(database.leadership().lead()).isTrue();
        }
    }
}
