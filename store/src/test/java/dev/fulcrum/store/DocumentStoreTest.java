package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Documents through {@link DocumentStore}: written, read, replaced and deleted, one version up each time. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class DocumentStoreTest {
    private final TestDatabase kind;
    private final DocumentStore store;
    private final String resource = TestDatabase.unique("cubes");

    DocumentStoreTest(TestDatabase kind) {
        this.kind = kind;
        this.store = kind.shared().documents();
    }

    private StoredDocument create(String name, String body) {
        return store.inTransaction(tx -> tx.insert(resource, name, body, null));
    }

    @Test
    void a_created_document_is_found_at_version_1_with_its_body_and_secrets() {
        StoredDocument created = store.inTransaction(tx -> tx.insert(resource, "a", "{\"x\":1}", "sealed"));

        assertThat(created.version()).isEqualTo(1);
        assertThat(created.createdAt()).isEqualTo(created.updatedAt());
        assertThat(store.find(resource, "a")).contains(created);
        assertThat(store.find(resource, "b")).isEmpty();
        assertThat(store.find(TestDatabase.unique("other"), "a")).isEmpty();
    }

    /**
     * A second read by name is answered from memory on H2, packed against the first document of its resource read
     * since the last commit (README, "Reads from memory"): it must give back every character, the secrets and the
     * times exactly, whatever the document holds and however unlike the first one it is.
     */
    @Test
    void documents_read_again_are_the_documents_stored_whatever_their_text() {
        String big = "{\"text\":\"" + "0123456789abcdef".repeat(8192) + "\"}"; // 128 KB, beyond any dictionary
        String[][] documents = {
                {"first", "{\"name\":\"first\",\"title\":\"The dictionary\"}", null},
                {"same", "{\"name\":\"first\",\"title\":\"The dictionary\"}", "sealed:abc=="},
                {"unicode", "{\"title\":\"Zürich – 東京 😀\",\"q\":\"\\\"\\u0000\"}", "sécret 😀"},
                {"empty-secrets", "{}", ""},
                {"big", big, big},
                {"unlike", "[" + "1,".repeat(5000) + "2]", null}};
        for (String[] document : documents) {
            store.inTransaction(tx -> tx.insert(resource, document[0], document[1], document[2]));
        }
        for (int round = 0; round < 3; round++) { // the first round reads the database, the others memory on H2
            for (String[] document : documents) {
                StoredDocument read = store.find(resource, document[0]).orElseThrow();
                assertThat(read.body()).as(document[0]).isEqualTo(document[1]);
                assertThat(read.secrets()).as(document[0]).isEqualTo(document[2]);
                assertThat(read.version()).isEqualTo(1);
                assertThat(read.createdAt()).isEqualTo(read.updatedAt());
            }
        }
        StoredDocument updated = store.inTransaction(tx -> tx.update(tx.findCurrent(resource, "unicode").orElseThrow(),
                "{\"title\":\"après\"}", null));
        for (int round = 0; round < 2; round++) {
            assertThat(store.find(resource, "unicode")).contains(updated);
            assertThat(store.find(resource, "big").orElseThrow().body()).isEqualTo(big);
        }
    }

    @Test
    void a_replacement_goes_one_version_up_and_keeps_the_creation_time() {
        StoredDocument created = create("a", "{\"x\":1}");

        StoredDocument updated = store.inTransaction(tx -> tx.update(tx.findCurrent(resource, "a").orElseThrow(),
                "{\"x\":2}", "new secret"));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.createdAt()).isEqualTo(created.createdAt());
        assertThat(updated.updatedAt()).isAfterOrEqualTo(created.updatedAt());
        assertThat(store.find(resource, "a")).contains(updated);
    }

    @Test
    void a_deleted_document_is_gone_and_its_name_created_again_continues_its_versions() {
        create("a", "{}");
        store.inTransaction(tx -> {
            tx.delete(tx.findCurrent(resource, "a").orElseThrow());
            return null;
        });
        assertThat(store.find(resource, "a")).isEmpty();

        StoredDocument again = create("a", "{\"again\":true}");

        assertThat(again.version()).isEqualTo(3); // 1 created, 2 deleted
        assertThat(store.find(resource, "a")).contains(again);
    }

    @Test
    void a_transaction_that_fails_stores_nothing() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.insert(resource, "a", "{}", null);
            throw new IllegalStateException("the caller changed its mind");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(store.find(resource, "a")).isEmpty();
        assertThat(store.history(resource, "a", 0, 10).total()).isZero();
    }

    @Test
    void an_update_of_a_stale_version_is_retried_from_the_start_and_applies_to_the_fresh_row() {
        StoredDocument stale = create("a", "{\"v\":1}");
        store.inTransaction(tx -> tx.update(tx.findCurrent(resource, "a").orElseThrow(), "{\"v\":2}", null));
        AtomicInteger attempts = new AtomicInteger();

        StoredDocument written = store.inTransaction(tx -> {
            StoredDocument base = attempts.incrementAndGet() == 1 ? stale : tx.findCurrent(resource, "a").orElseThrow();
            return tx.update(base, "{\"v\":3}", null);
        });

        assertThat(attempts).hasValue(2);
        assertThat(written.version()).isEqualTo(3);
        assertThat(store.history(resource, "a", 0, 10).total()).isEqualTo(3);
    }

    @Test
    void a_write_that_keeps_losing_its_race_is_refused_after_the_write_timeout_and_stores_nothing() throws Exception {
        try (Database own = kind.open(Duration.ofMillis(300))) {
            DocumentStore short_ = own.documents();
            StoredDocument stale = short_.inTransaction(tx -> tx.insert(resource, "a", "{\"v\":1}", null));
            short_.inTransaction(tx -> tx.update(tx.findCurrent(resource, "a").orElseThrow(), "{\"v\":2}", null));
            long start = System.nanoTime();

            assertThatThrownBy(() -> short_.inTransaction(tx -> tx.update(stale, "{\"v\":\"lost\"}", null)))
                    .isInstanceOf(StoreBusyException.class).hasMessageContaining("nothing was stored");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
            assertThat(short_.find(resource, "a").orElseThrow().body()).isEqualTo("{\"v\":2}");
            assertThat(short_.history(resource, "a", 0, 10).total()).isEqualTo(2);
        }
    }

    @Test
    void a_value_longer_than_its_column_is_refused_as_a_rejected_value() {
        String tooLong = "n".repeat(201);

        assertThatThrownBy(() -> create(tooLong, "{}")).isInstanceOf(StoreRejectedValueException.class)
                .hasMessageContaining("longer");
        assertThat(store.list(resource)).isEmpty();
    }

    @Test
    void bodies_are_stored_exactly_as_given() {
        String body = "{\"b\":1.50,\"a\":\"\\u00e9 é 😀\",\"n\":12345678901234567890}";

        create("exact", body);

        assertThat(store.find(resource, "exact").orElseThrow().body()).isEqualTo(body);
        assertThat(store.list(resource)).extracting(StoredDocument::body).containsExactly(body);
    }

    @Test
    void the_database_answers_as_healthy() {
        assertThat(kind.shared().isHealthy()).isTrue();
    }
}
