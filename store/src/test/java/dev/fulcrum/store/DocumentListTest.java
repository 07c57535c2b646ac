package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Listings: sorted by name, filtered by field values, paged by offset or after a name, with their totals. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class DocumentListTest {
    private final DocumentStore store;
    private final String resource = TestDatabase.unique("reports");

    DocumentListTest(TestDatabase kind) {
        this.store = kind.shared().documents();
    }

    private void write(String name, Map<String, String> fields) {
        store.inTransaction(tx -> {
            tx.insert(resource, name, "{\"name\":\"" + name + "\"}", null);
            tx.replaceFieldValues(resource, name, fields);
            return null;
        });
    }

    private static List<String> names(DocumentPage page) {
        return page.documents().stream().map(StoredDocument::name).toList();
    }

    private DocumentPage list(Map<String, String> filters, int offset, Integer limit, String after) {
        return store.list(resource, new ListQuery(filters, offset, limit, after));
    }

    @BeforeEach
    void five_documents() {
        write("d", Map.of("owner", "ann", "type", "pdf"));
        write("b", Map.of("owner", "bob", "type", "pdf"));
        write("e", Map.of("owner", "ann", "type", "csv"));
        write("a", Map.of("owner", "ann", "type", "pdf"));
        write("C", Map.of());
    }

    @Test
    void every_document_of_a_resource_comes_sorted_by_the_bytes_of_its_name() {
        assertThat(store.list(resource)).extracting(StoredDocument::name).containsExactly("C", "a", "b", "d", "e");
        assertThat(names(store.list(resource, ListQuery.ALL))).containsExactly("C", "a", "b", "d", "e");
        assertThat(store.list(resource, ListQuery.ALL).total()).isEqualTo(5);
        assertThat(store.list(TestDatabase.unique("empty"))).isEmpty();
    }

    @Test
    void filters_select_the_documents_whose_fields_hold_every_value() {
        assertThat(names(list(Map.of("owner", "ann"), 0, null, null))).containsExactly("a", "d", "e");
        assertThat(names(list(Map.of("owner", "ann", "type", "pdf"), 0, null, null))).containsExactly("a", "d");
        assertThat(names(list(Map.of("owner", "carl"), 0, null, null))).isEmpty();
        assertThat(names(list(Map.of("owner", "ann' OR '1'='1"), 0, null, null))).isEmpty();
    }

    @Test
    void a_page_by_offset_carries_the_total_of_all_that_match() {
        DocumentPage page = list(Map.of(), 1, 2, null);
        assertThat(names(page)).containsExactly("a", "b");
        assertThat(page.total()).isEqualTo(5);

        DocumentPage filtered = list(Map.of("owner", "ann"), 2, 2, null);
        assertThat(names(filtered)).containsExactly("e");
        assertThat(filtered.total()).isEqualTo(3);

        assertThat(names(list(Map.of(), 10, 2, null))).isEmpty();
    }

    @Test
    void a_page_after_a_name_starts_with_the_next_name_and_ignores_the_offset() {
        DocumentPage page = list(Map.of(), 3, 2, "a");
        assertThat(names(page)).containsExactly("b", "d");
        assertThat(page.total()).isEqualTo(5);

        assertThat(names(list(Map.of("type", "pdf"), 0, 5, "a"))).containsExactly("b", "d");
        assertThat(names(list(Map.of(), 0, null, "c"))).containsExactly("d", "e");
        assertThat(names(list(Map.of(), 0, 2, "e"))).isEmpty();
    }

    @Test
    void a_total_counts_a_write_of_this_process_at_once() {
        assertThat(list(Map.of("owner", "ann"), 0, 1, null).total()).isEqualTo(3);

        write("f", Map.of("owner", "ann"));
        assertThat(list(Map.of("owner", "ann"), 0, 1, null).total()).isEqualTo(4);

        store.inTransaction(tx -> {
            tx.replaceFieldValues(resource, "a", Map.of("owner", "bob"));
            return null;
        });
        assertThat(list(Map.of("owner", "ann"), 0, 1, null).total()).isEqualTo(3);

        store.inTransaction(tx -> {
            tx.delete(tx.findCurrent(resource, "d").orElseThrow());
            return null;
        });
        assertThat(list(Map.of("owner", "ann"), 0, 1, null).total()).isEqualTo(2);
        assertThat(list(Map.of(), 0, 1, null).total()).isEqualTo(5);
    }
}
