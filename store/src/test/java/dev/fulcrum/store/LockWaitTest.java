package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writers of one document take turns: a second writer waits for the first one's lock, then writes on top of it;
 * one that cannot have its turn within the write timeout is refused and stores nothing.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class LockWaitTest {
    private static final Duration WRITE_TIMEOUT = Duration.ofMillis(700);
    private final Database database;
    private final DocumentStore store;
    private final String resource = TestDatabase.unique("dashboards");
    private final CountDownLatch locked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    LockWaitTest(TestDatabase kind) {
        this.database = kind.open(WRITE_TIMEOUT);
        this.store = database.documents();
    }

    @AfterEach
    void close() {
        release.countDown();
        database.close();
    }

    /** A writer that reads (and so locks) the document, holds it until released, then writes version 2. */
    private CompletableFuture<StoredDocument> holder() throws InterruptedException {
        CompletableFuture<StoredDocument> holder = CompletableFuture.supplyAsync(() -> store.inTransaction(tx -> {
            StoredDocument current = tx.findCurrent(resource, "a").orElseThrow();
            locked.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return tx.update(current, "{\"by\":\"holder\"}", null);
        }));
        assertThat(locked.await(5, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    private StoredDocument overwrite() {
        return store.inTransaction(tx -> tx.update(tx.findCurrent(resource, "a").orElseThrow(), "{\"by\":\"second\"}", null));
    }

    @Test
    void a_second_writer_waits_for_the_first_and_then_writes_on_top_of_it() throws Exception {
        store.inTransaction(tx -> tx.insert(resource, "a", "{}", null));
        CompletableFuture<StoredDocument> first = holder();
        CompletableFuture<StoredDocument> second = CompletableFuture.supplyAsync(this::overwrite);
        Thread.sleep(200);
        assertThat(second).isNotDone();

        release.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).version()).isEqualTo(2);
        assertThat(second.get(5, TimeUnit.SECONDS).version()).isEqualTo(3);
        assertThat(store.history(resource, "a", 0, 10).entries()).extracting(HistoryEntry::body)
                .containsExactly("{\"by\":\"second\"}", "{\"by\":\"holder\"}", "{}");
    }

    @Test
    void a_writer_that_cannot_have_its_turn_within_the_write_timeout_is_refused_and_stores_nothing() throws Exception {
        store.inTransaction(tx -> tx.insert(resource, "a", "{}", null));
        CompletableFuture<StoredDocument> first = holder();
        long start = System.nanoTime();

        assertThatThrownBy(this::overwrite).isInstanceOf(StoreBusyException.class)
                .hasMessageContaining("nothing was stored");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(WRITE_TIMEOUT.minusMillis(50), Duration.ofSeconds(3));
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).version()).isEqualTo(2);
        assertThat(store.find(resource, "a").orElseThrow().body()).isEqualTo("{\"by\":\"holder\"}");
        assertThat(store.history(resource, "a", 0, 10).total()).isEqualTo(2);
    }
}
