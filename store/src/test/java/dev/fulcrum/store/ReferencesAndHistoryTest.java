package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What a document references, and every version it had, with who wrote it. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class ReferencesAndHistoryTest {
    private final DocumentStore store;
    private final String cubes = TestDatabase.unique("cubes");
    private final String connections = TestDatabase.unique("connections");
    private final Actor ann = new Actor("ann-token", "ann", 42L);

    ReferencesAndHistoryTest(TestDatabase kind) {
        this.store = kind.shared().documents();
    }

    private void write(String resource, String name, String body, List<DocumentKey> references) {
        store.inTransaction(ann, tx -> {
            var current = tx.findCurrent(resource, name);
            if (current.isPresent()) {
                tx.update(current.get(), body, null);
            } else {
                tx.insert(resource, name, body, null);
            }
            tx.replaceReferences(resource, name, references);
            return null;
        });
    }

    private void delete(String resource, String name) {
        store.inTransaction(ann, tx -> {
            tx.delete(tx.findCurrent(resource, name).orElseThrow());
            return null;
        });
    }

    @Test
    void references_are_recorded_sorted_and_replaced() {
        DocumentKey pg = new DocumentKey(connections, "pg");
        DocumentKey mysql = new DocumentKey(connections, "mysql");
        write(connections, "pg", "{}", List.of());
        write(connections, "mysql", "{}", List.of());
        write(cubes, "wiki", "{}", List.of(pg, pg, mysql));
        write(cubes, "sales", "{}", List.of(pg));

        assertThat(store.referencedBy(connections, "pg"))
                .containsExactly(new DocumentKey(cubes, "sales"), new DocumentKey(cubes, "wiki"));
        List<DocumentKey> inWrite = store.inTransaction(tx -> tx.referencedBy(connections, "mysql"));
        assertThat(inWrite).containsExactly(new DocumentKey(cubes, "wiki"));

        write(cubes, "wiki", "{\"v\":2}", List.of(mysql));
        assertThat(store.referencedBy(connections, "pg")).containsExactly(new DocumentKey(cubes, "sales"));

        delete(cubes, "sales");
        assertThat(store.referencedBy(connections, "pg")).isEmpty();
        assertThat(store.referencedBy(connections, "absent")).isEmpty();
    }

    @Test
    void a_document_created_and_rewritten_in_one_write_keeps_only_its_last_references() {
        DocumentKey pg = new DocumentKey(connections, "pg");
        DocumentKey mysql = new DocumentKey(connections, "mysql");
        write(connections, "pg", "{}", List.of());
        write(connections, "mysql", "{}", List.of());

        store.inTransaction(ann, tx -> {
            tx.insert(cubes, "twice", "{}", null);
            tx.replaceReferences(cubes, "twice", List.of(pg));
            tx.replaceFieldValues(cubes, "twice", Map.of("title", "first"));
            tx.replaceReferences(cubes, "twice", List.of(mysql));
            tx.replaceFieldValues(cubes, "twice", Map.of("title", "second"));
            return null;
        });

        assertThat(store.referencedBy(connections, "pg")).isEmpty();
        assertThat(store.referencedBy(connections, "mysql")).containsExactly(new DocumentKey(cubes, "twice"));
    }

    @Test
    void a_referenced_document_exists_and_is_locked_while_a_write_records_the_reference() {
        write(connections, "pg", "{}", List.of());

        boolean present = store.inTransaction(tx -> tx.lockIfExists(connections, "pg"));
        boolean absent = store.inTransaction(tx -> tx.lockIfExists(connections, "absent"));

        assertThat(present).isTrue();
        assertThat(absent).isFalse();
    }

    @Test
    void history_holds_every_version_newest_first_with_its_actor_and_outlives_the_document() {
        write(cubes, "wiki", "{\"v\":1}", List.of());
        write(cubes, "wiki", "{\"v\":2}", List.of());
        delete(cubes, "wiki");

        HistoryPage page = store.history(cubes, "wiki", 0, 10);

        assertThat(page.total()).isEqualTo(3);
        assertThat(page.entries()).extracting(HistoryEntry::version, HistoryEntry::change, HistoryEntry::body)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "delete", "{\"v\":2}"),
                        org.assertj.core.groups.Tuple.tuple(2L, "update", "{\"v\":2}"),
                        org.assertj.core.groups.Tuple.tuple(1L, "create", "{\"v\":1}"));
        assertThat(page.entries()).extracting(HistoryEntry::actor).containsOnly(ann);
        assertThat(page.entries().get(0).changedAt()).isAfterOrEqualTo(page.entries().get(2).changedAt());
    }

    @Test
    void history_pages_by_offset_and_limit_and_finds_one_version() {
        for (int version = 1; version <= 5; version++) {
            write(cubes, "wiki", "{\"v\":" + version + "}", List.of());
        }

        HistoryPage second = store.history(cubes, "wiki", 2, 2);
        assertThat(second.entries()).extracting(HistoryEntry::version).containsExactly(3L, 2L);
        assertThat(second.total()).isEqualTo(5);
        assertThat(store.history(cubes, "wiki", 5, 2).entries()).isEmpty();

        assertThat(store.historyEntry(cubes, "wiki", 4)).get().extracting(HistoryEntry::body).isEqualTo("{\"v\":4}");
        assertThat(store.historyEntry(cubes, "wiki", 6)).isEmpty();
    }

    @Test
    void the_server_itself_is_recorded_as_the_system_actor() {
        store.inTransaction(tx -> tx.insert(cubes, "builtin", "{}", "sealed"));

        HistoryEntry entry = store.historyEntry(cubes, "builtin", 1).orElseThrow();
        assertThat(entry.actor()).isEqualTo(Actor.SYSTEM);
        assertThat(entry.secrets()).isEqualTo("sealed");
    }

    @Test
    void documents_whose_row_agrees_with_their_history_have_not_diverged() {
        write(cubes, "wiki", "{}", List.of());
        write(cubes, "sales", "{}", List.of());
        delete(cubes, "sales");

        assertThat(store.diverged()).extracting(Divergence::resource).doesNotContain(cubes);
    }
}
