package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The change stream: every recorded change is an event, numbered after its commit, in commit order, without gaps. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class DocumentEventsTest {
    private final Database database; // of its own: the test counts every event
    private final DocumentStore store;
    private final DocumentEvents events;

    DocumentEventsTest(TestDatabase kind) {
        this.database = Database.open(kind.newConfig(TestDatabase.WRITE_TIMEOUT));
        this.store = database.documents();
        this.events = database.events();
    }

    @AfterEach
    void close() {
        database.close();
    }

    /**
     * A backlog (an import, a burst of writes between two polls) is numbered in one call, however many rounds it takes:
     * on H2 every round is a commit, and each commit empties the memory that reads by name are answered from.
     */
    @Test
    void one_call_numbers_a_backlog_of_several_rounds() {
        long start = events.sequence();
        int written = 2 * 1000 + 500; // JdbiDocumentEvents numbers 1,000 a round
        store.inTransaction(tx -> {
            for (int i = 0; i < written; i++) {
                tx.insert("roles", "backlog-" + i, "{}", null);
            }
            return null;
        });

        assertThat(events.sequence()).isEqualTo(start + written);
        assertThat(events.sequence()).isEqualTo(start + written);
    }

    @Test
    void a_read_holds_a_few_megabytes_of_documents_whatever_their_size() {
        long start = events.sequence();
        String big = "x".repeat(1024 * 1024); // 1 MB a document: 500 of them in one read took a 192 MB heap
        for (int i = 0; i < 12; i++) {
            String name = "big-" + i;
            store.inTransaction(tx -> tx.insert("dashboards", name, "{\"name\":\"" + name + "\",\"d\":\"" + big + "\"}", null));
        }
        events.sequence();

        List<DocumentEvent> first = events.after(start, 500);
        List<DocumentEvent> rest = events.after(first.get(first.size() - 1).position(), 500);

        assertThat(first).hasSizeBetween(1, 4); // about 4 MB
        assertThat(first).extracting(DocumentEvent::name).startsWith("big-0");
        assertThat(rest.get(0).position()).isEqualTo(first.get(first.size() - 1).position() + 1); // no gap between reads
    }

    /**
     * A reader that is behind reads only the events it may see (kinds, and one document's name), never the documents
     * of the others, and learns how far it may go on: to the position it asked up to when nothing more is there.
     */
    @Test
    void a_filtered_read_reads_only_the_kinds_and_the_document_asked_for_and_says_how_far_it_read() {
        long start = events.sequence();
        store.inTransaction(tx -> tx.insert("roles", "r1", "{\"name\":\"r1\"}", null));
        store.inTransaction(tx -> tx.insert("dashboards", "d1", "{\"name\":\"d1\"}", null));
        store.inTransaction(tx -> tx.insert("roles", "r2", "{\"name\":\"r2\"}", null));
        store.inTransaction(tx -> tx.insert("dashboards", "d2", "{\"name\":\"d2\"}", null));
        long through = events.sequence();

        DocumentEvents.Filtered dashboards = events.after(start, through, new DocumentEvents.Filter(Set.of("dashboards"), null), 10);
        assertThat(dashboards.events()).extracting(DocumentEvent::name).containsExactly("d1", "d2");
        assertThat(dashboards.readThrough()).isEqualTo(through);

        DocumentEvents.Filtered one = events.after(start, through, new DocumentEvents.Filter(Set.of("roles"), "r2"), 10);
        assertThat(one.events()).extracting(DocumentEvent::name).containsExactly("r2");
        assertThat(one.readThrough()).isEqualTo(through);

        DocumentEvents.Filtered none = events.after(start, through, new DocumentEvents.Filter(Set.of("users"), null), 10);
        assertThat(none.events()).isEmpty();
        assertThat(none.readThrough()).isEqualTo(through);

        DocumentEvents.Filtered first = events.after(start, through, new DocumentEvents.Filter(Set.of("roles", "dashboards"), null), 3);
        assertThat(first.events()).extracting(DocumentEvent::name).containsExactly("r1", "d1", "r2");
        assertThat(first.readThrough()).as("a full page: on from its last event").isEqualTo(first.events().get(2).position());

        DocumentEvents.Filtered upTo = events.after(start, start + 2, new DocumentEvents.Filter(Set.of("dashboards"), null), 10);
        assertThat(upTo.events()).extracting(DocumentEvent::name).containsExactly("d1");
        assertThat(upTo.readThrough()).isEqualTo(start + 2);
    }

    @Test
    void a_transaction_that_commits_after_a_later_one_is_numbered_after_it() throws Exception {
        long start = events.sequence();
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> late = CompletableFuture.runAsync(() -> store.inTransaction(tx -> {
            tx.insert("dashboards", "late", "{\"name\":\"late\"}", null); // its event row takes the next id
            recorded.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(recorded.await(10, TimeUnit.SECONDS)).isTrue();
        store.inTransaction(tx -> tx.insert("dashboards", "early", "{\"name\":\"early\"}", null)); // a later id, committed first

        assertThat(events.sequence()).isEqualTo(start + 1); // the uncommitted one has no position yet
        assertThat(events.after(start, 10)).extracting(DocumentEvent::name).containsExactly("early");
        release.countDown();
        late.get(10, TimeUnit.SECONDS);
        assertThat(events.sequence()).isEqualTo(start + 2);
        List<DocumentEvent> after = events.after(start + 1, 10); // a reader that saw 'early' gets 'late' next
        assertThat(after).extracting(DocumentEvent::name).containsExactly("late");
        assertThat(after.get(0).position()).isEqualTo(start + 2);
        assertThat(after.get(0).change()).isEqualTo("create");
    }

    @Test
    void updates_and_deletes_are_events_with_their_versions_and_pruning_keeps_the_newest() {
        long start = events.sequence();
        store.inTransaction(tx -> tx.insert("roles", "r", "{\"v\":1}", null));
        store.inTransaction(tx -> tx.update(tx.findCurrent("roles", "r").orElseThrow(), "{\"v\":2}", null));
        store.inTransaction(tx -> {
            tx.delete(tx.findCurrent("roles", "r").orElseThrow());
            return null;
        });
        assertThat(events.sequence()).isEqualTo(start + 3);
        List<DocumentEvent> all = events.after(start, 10);
        assertThat(all).extracting(DocumentEvent::position).containsExactly(start + 1, start + 2, start + 3);
        assertThat(all).extracting(DocumentEvent::change).containsExactly("create", "update", "delete");
        assertThat(all).extracting(DocumentEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(all.get(2).body()).isEqualTo("{\"v\":2}"); // a delete carries the document as it was
        assertThat(events.span()).isEqualTo(new DocumentEvents.Span(0, start + 3));

        DocumentEvents.Span pruned = events.prune(Instant.now().plusSeconds(60));
        assertThat(pruned).isEqualTo(new DocumentEvents.Span(start + 2, start + 3));
        assertThat(pruned.resumableFrom(start + 1)).isFalse();
        assertThat(pruned.resumableFrom(start + 2)).isTrue();
        assertThat(events.after(0, 10)).extracting(DocumentEvent::position).containsExactly(start + 3);
    }
}
