package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * References stay whole without writes queueing on what they refer to: writes referencing one document go side by
 * side (issue 16: the data cubes of one connection took turns on H2), while a delete waits for the referencing writes
 * in flight and sees their references, and a write that comes after a delete has looked finds the document gone.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class ReferenceLocksTest {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    private final Database database;
    private final DocumentStore store;
    private final String connections = TestDatabase.unique("connections");
    private final String cubes = TestDatabase.unique("cubes");
    private final DocumentKey connection = new DocumentKey(connections, "c");
    private final CountDownLatch inside = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    ReferenceLocksTest(TestDatabase kind) {
        this.database = kind.open(WRITE_TIMEOUT);
        this.store = database.documents();
        store.inTransaction(tx -> tx.insert(connections, "c", "{}", null));
    }

    @AfterEach
    void close() {
        release.countDown();
        database.close();
    }

    /** Runs {@code work} in a write that stays open, after {@code work}, until {@link #release}. */
    private <T> CompletableFuture<T> heldOpen(Function<DocumentTransaction, T> work) throws InterruptedException {
        CompletableFuture<T> held = CompletableFuture.supplyAsync(() -> store.inTransaction(tx -> {
            T result = work.apply(tx);
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result;
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).as("the held write got that far").isTrue();
        return held;
    }

    /** A new cube referencing the connection, when it exists. */
    private boolean createCube(DocumentTransaction tx, String name) {
        if (!tx.lockIfExists(connections, "c")) {
            return false;
        }
        tx.insert(cubes, name, "{}", null);
        tx.replaceReferences(cubes, name, List.of(connection));
        return true;
    }

    /** Deletes the connection unless something references it; answers what did. */
    private List<DocumentKey> deleteConnection(DocumentTransaction tx) {
        StoredDocument current = tx.findCurrent(connections, "c").orElseThrow();
        List<DocumentKey> dependents = tx.referencedBy(connections, "c");
        if (dependents.isEmpty()) {
            tx.delete(current);
        }
        return dependents;
    }

    @Test
    void writes_referencing_one_document_do_not_wait_for_each_other() throws Exception {
        CompletableFuture<Boolean> first = heldOpen(tx -> createCube(tx, "one"));

        // the first write is still open: before, the second waited for it and ran out of its write timeout
        boolean second = store.inTransaction(tx -> createCube(tx, "two"));

        assertThat(first).isNotDone();
        assertThat(second).isTrue();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.referencedBy(connections, "c"))
                .containsExactly(new DocumentKey(cubes, "one"), new DocumentKey(cubes, "two"));
    }

    @Test
    void a_delete_waits_for_the_referencing_writes_in_flight_and_sees_their_references() throws Exception {
        CompletableFuture<Boolean> cube = heldOpen(tx -> createCube(tx, "one"));

        CompletableFuture<List<DocumentKey>> delete = CompletableFuture.supplyAsync(() -> store.inTransaction(this::deleteConnection));
        Thread.sleep(200); // gives the delete time to look too early, were it able to
        release.countDown();

        assertThat(cube.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(delete.get(10, TimeUnit.SECONDS)).containsExactly(new DocumentKey(cubes, "one"));
        assertThat(store.find(connections, "c")).isPresent();
    }

    @Test
    void a_write_after_a_delete_has_looked_finds_the_document_gone() throws Exception {
        CompletableFuture<List<DocumentKey>> delete = heldOpen(this::deleteConnection);

        CompletableFuture<Boolean> cube = CompletableFuture.supplyAsync(() -> store.inTransaction(tx -> createCube(tx, "late")));
        Thread.sleep(200); // gives the write time to find the connection still there, were it able to
        release.countDown();

        assertThat(delete.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(cube.get(10, TimeUnit.SECONDS)).as("the connection was there for the write").isFalse();
        assertThat(store.find(connections, "c")).isEqualTo(Optional.empty());
        assertThat(store.find(cubes, "late")).isEmpty();
    }
}
