package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit log, appended and queried newest first, and the small facts of {@link MetaStore}. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class AuditAndMetaStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final Database database;
    private final String resource = TestDatabase.unique("alerts");

    AuditAndMetaStoreTest(TestDatabase kind) {
        this.database = kind.shared();
    }

    private AuditEntry entry(int minute, Actor actor, String name, int status, List<String> fields) {
        return new AuditEntry(0, T0.plus(minute, ChronoUnit.MINUTES), actor, "127.0.0.1", "POST",
                "/api/v1/" + resource, resource, name, status, fields, "req-" + minute);
    }

    private List<AuditEntry> query(String name, String actor, Instant since, Instant until, Long before, int limit) {
        return database.audit().query(new AuditQuery(resource, name, actor, since, until, before, limit));
    }

    @Test
    void appended_entries_come_back_newest_first_as_they_were_written() {
        Actor ann = new Actor("ann-token", "ann", 7L);
        AuditEntry refused = entry(0, ann, "a", 403, List.of()).times(12);
        AuditEntry change = entry(1, Actor.SYSTEM, "b", 200, List.of("title", "key,passphrase"));

        List<Long> ids = database.audit().appendAll(List.of(refused, change));

        assertThat(ids).hasSize(2);
        assertThat(ids.get(1)).isGreaterThan(ids.get(0));
        assertThat(query(null, null, null, null, null, 10))
                .containsExactly(change.withId(ids.get(1)), refused.withId(ids.get(0)));
    }

    @Test
    void each_criterion_narrows_the_query_and_before_pages_it() {
        Actor ann = new Actor("ann-token", "ann");
        Actor bob = new Actor("bob-token", "bob");
        List<Long> ids = database.audit().appendAll(List.of(entry(0, ann, "a", 200, List.of()),
                entry(1, bob, "a", 200, List.of()), entry(2, ann, "b", 200, List.of()),
                entry(3, new Actor("cli-token", null), "b", 200, List.of())));

        assertThat(query(null, null, null, null, null, 10)).extracting(AuditEntry::id).containsExactly(
                ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(query("a", null, null, null, null, 10)).extracting(AuditEntry::id).containsExactly(ids.get(1), ids.get(0));
        assertThat(query(null, "ann", null, null, null, 10)).extracting(AuditEntry::id).containsExactly(ids.get(2), ids.get(0));
        assertThat(query(null, "cli-token", null, null, null, 10)).extracting(AuditEntry::id).containsExactly(ids.get(3));
        assertThat(query(null, null, T0.plus(1, ChronoUnit.MINUTES), T0.plus(3, ChronoUnit.MINUTES), null, 10))
                .extracting(AuditEntry::id).containsExactly(ids.get(2), ids.get(1));
        assertThat(query(null, null, null, null, ids.get(2), 10)).extracting(AuditEntry::id).containsExactly(ids.get(1), ids.get(0));
        assertThat(query(null, null, null, null, null, 2)).extracting(AuditEntry::id).containsExactly(ids.get(3), ids.get(2));
        assertThat(query("b", "ann' OR '1'='1", null, null, null, 10)).isEmpty();
    }

    @Test
    void an_entry_written_in_a_document_transaction_commits_and_rolls_back_with_it() {
        long id = database.documents().inTransaction(tx -> {
            tx.insert(resource, "a", "{}", null);
            return tx.audit(entry(0, Actor.SYSTEM, "a", 200, List.of("x")), true);
        });
        assertThatThrownBy(() -> database.documents().inTransaction(tx -> {
            tx.audit(entry(1, Actor.SYSTEM, "b", 200, List.of()), false);
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(query(null, null, null, null, null, 10)).extracting(AuditEntry::id, AuditEntry::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "a"));
    }

    @Test
    void a_meta_fact_is_stored_once_unless_it_is_put_again() {
        String name = TestDatabase.unique("fact");
        MetaStore meta = database.meta();
        assertThat(meta.get(name)).isEmpty();

        assertThat(meta.putIfAbsent(name, "first")).isEqualTo("first");
        assertThat(meta.putIfAbsent(name, "second")).isEqualTo("first");
        meta.put(name, "third");

        assertThat(meta.get(name)).contains("third");
    }
}
