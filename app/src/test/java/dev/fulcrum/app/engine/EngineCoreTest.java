package dev.fulcrum.app.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.crypto.PassphraseBox;
import dev.fulcrum.app.crypto.SecretBox;
import dev.fulcrum.model.FieldError;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Problems;
import dev.fulcrum.store.StoreBusyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's pure pieces through their own API, no server: merge patches, secrets kept apart from documents,
 * the per-document turns and an import plan's answer. Fast enough to be what PIT runs against (.ci/mutation).
 */
@SuppressWarnings("try") // the document turns are held for their blocks and never referenced: that is what they are for
class EngineCoreTest {

    private static ObjectNode json(String text) {
        return Json.parseStored(text);
    }

    @Nested
    class MergePatches {
        @Test
        void objects_merge_null_removes_and_anything_else_replaces() {
            ObjectNode merged = MergePatch.apply(json("{\"a\":1,\"b\":{\"x\":1,\"y\":2},\"c\":[1],\"d\":\"keep\"}"),
                    json("{\"a\":null,\"b\":{\"y\":null,\"z\":3},\"c\":[2],\"e\":{\"new\":true}}"), Set.of());
            assertThat(merged).isEqualTo(json("{\"b\":{\"x\":1,\"z\":3},\"c\":[2],\"d\":\"keep\",\"e\":{\"new\":true}}"));
        }

        @Test
        void an_object_replaces_a_value_that_is_not_an_object() {
            assertThat(MergePatch.apply(json("{\"a\":1}"), json("{\"a\":{\"b\":null,\"c\":1}}"), Set.of()))
                    .isEqualTo(json("{\"a\":{\"b\":null,\"c\":1}}"));
        }

        @Test
        void the_target_is_never_changed_and_the_result_shares_nothing_with_the_patch() {
            ObjectNode target = json("{\"a\":{\"b\":1}}");
            ObjectNode patch = json("{\"a\":{\"c\":2},\"d\":{\"e\":3}}");
            ObjectNode merged = MergePatch.apply(target, patch, Set.of());
            assertThat(target).isEqualTo(json("{\"a\":{\"b\":1}}"));
            ((ObjectNode) merged.get("d")).put("e", 4);
            assertThat(patch.get("d").get("e").asInt()).isEqualTo(3);
        }

        @Test
        void a_top_level_secret_patched_to_null_stays_an_explicit_null_other_nulls_remove() {
            ObjectNode merged = MergePatch.apply(json("{\"password\":\"********\",\"other\":1,\"keep\":2}"),
                    json("{\"password\":null,\"other\":null,\"token\":null}"), Set.of("password", "token", "keep"));
            assertThat(merged).isEqualTo(json("{\"password\":null,\"keep\":2,\"token\":null}"));
            assertThat(merged.has("other")).isFalse();
        }
    }

    @Nested
    class SecretsApart {
        @TempDir
        Path dir;

        private Secrets secrets() {
            return new Secrets(SecretBox.fromKeyFile(dir.resolve("secret.key")));
        }

        @Test
        void a_new_secret_is_sealed_and_the_document_shows_a_mask_or_nothing() {
            Secrets secrets = secrets();
            ObjectNode document = json("{\"name\":\"c\",\"password\":\"p-1\",\"token\":null}");
            String sealed = secrets.split(Set.of("password", "token"), document, null, true, Set.of(), new Problems("c"));
            assertThat(document).isEqualTo(json("{\"name\":\"c\",\"password\":\"********\"}"));
            assertThat(sealed).doesNotContain("p-1");
            assertThat(secrets.open(sealed)).isEqualTo(json("{\"password\":\"p-1\"}"));

            ObjectNode unmasked = json("{\"name\":\"c\",\"password\":\"p-2\"}");
            String again = secrets.split(Set.of("password"), unmasked, null, false, Set.of(), new Problems("c"));
            assertThat(unmasked).isEqualTo(json("{\"name\":\"c\"}"));
            assertThat(secrets.open(again)).isEqualTo(json("{\"password\":\"p-2\"}"));
        }

        @Test
        void the_mask_or_an_absent_field_keeps_the_stored_secret_and_null_clears_it() {
            Secrets secrets = secrets();
            String stored = secrets.split(Set.of("password", "token"), json("{\"password\":\"p-1\",\"token\":\"t-1\"}"),
                    null, true, Set.of(), new Problems("c"));
            ObjectNode masked = json("{\"password\":\"********\"}");
            String kept = secrets.split(Set.of("password", "token"), masked, stored, true, Set.of(), new Problems("c"));
            assertThat(secrets.open(kept)).isEqualTo(json("{\"password\":\"p-1\",\"token\":\"t-1\"}"));
            assertThat(masked).isEqualTo(json("{\"password\":\"********\",\"token\":\"********\"}"));

            ObjectNode cleared = json("{\"password\":null,\"token\":\"t-2\"}");
            String changed = secrets.split(Set.of("password", "token"), cleared, stored, true, Set.of(), new Problems("c"));
            assertThat(secrets.open(changed)).isEqualTo(json("{\"token\":\"t-2\"}"));
            assertThat(cleared).isEqualTo(json("{\"token\":\"********\"}"));

            assertThat(secrets.split(Set.of("password"), json("{\"password\":null}"), null, true, Set.of(), new Problems("c")))
                    .as("nothing left to seal").isNull();
            assertThat(secrets.split(Set.of(), json("{\"password\":\"p\"}"), stored, true, Set.of(), new Problems("c")))
                    .as("a kind without secrets").isNull();
        }

        @Test
        void a_mask_that_is_not_text_is_a_new_value() {
            Secrets secrets = secrets();
            ObjectNode document = json("{\"password\":12345678}");
            String sealed = secrets.split(Set.of("password"), document, null, true, Set.of(), new Problems("c"));
            assertThat(secrets.open(sealed)).isEqualTo(json("{\"password\":12345678}"));
        }

        @Test
        void a_changed_destination_needs_every_stored_secret_sent_again_or_cleared() {
            Secrets secrets = secrets();
            String stored = secrets.split(Set.of("password", "token"), json("{\"password\":\"p-1\"}"), null, true, Set.of(),
                    new Problems("connection"));
            assertThatThrownBy(() -> secrets.split(Set.of("password", "token"), json("{\"password\":\"********\"}"), stored,
                    true, Set.of("host"), new Problems("connection")))
                    .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.details()).containsExactly(
                            new FieldError("connection.password", "must be sent again (or null to clear it) because host"
                                    + " changed: a stored secret only goes where it went before")));
            assertThatThrownBy(() -> secrets.split(Set.of("password"), json("{}"), stored, true, Set.of("host"),
                    new Problems("connection"))).isInstanceOf(InvalidException.class);

            ObjectNode resent = json("{\"password\":\"p-2\"}");
            String replaced = secrets.split(Set.of("password", "token"), resent, stored, true, Set.of("host", "port"),
                    new Problems("connection"));
            assertThat(secrets.open(replaced)).isEqualTo(json("{\"password\":\"p-2\"}"));
            assertThat(secrets.split(Set.of("password"), json("{\"password\":null}"), stored, true, Set.of("host"),
                    new Problems("connection"))).isNull();
        }

        @Test
        void secure_json_data_is_sealed_key_by_key_and_shows_only_as_secure_json_fields() {
            Secrets secrets = secrets();
            ObjectNode document = json("{\"name\":\"c\",\"secureJsonFields\":{\"fake\":true},"
                    + "\"secureJsonData\":{\"b\":\"v-b\",\"a\":\"v-a\",\"gone\":null}}");
            String stored = secrets.split(Set.of("password"), true, document, null, true, Set.of(), new Problems("c"));
            assertThat(document.toString()).isEqualTo("{\"name\":\"c\",\"secureJsonFields\":{\"a\":true,\"b\":true}}");
            assertThat(stored).doesNotContain("v-a");
            assertThat(secrets.open(stored).toString()).isEqualTo("{\"secureJsonData\":{\"a\":\"v-a\",\"b\":\"v-b\"}}");

            ObjectNode changed = json("{\"secureJsonFields\":{\"a\":true},\"secureJsonData\":{\"a\":null,\"c\":\"v-c\"}}");
            String next = secrets.split(Set.of("password"), true, changed, stored, true, Set.of(), new Problems("c"));
            assertThat(secrets.open(next).toString()).isEqualTo("{\"secureJsonData\":{\"b\":\"v-b\",\"c\":\"v-c\"}}");
            assertThat(changed.toString()).isEqualTo("{\"secureJsonFields\":{\"b\":true,\"c\":true}}");

            ObjectNode absent = json("{\"password\":\"p\"}");
            String kept = secrets.split(Set.of("password"), true, absent, next, true, Set.of(), new Problems("c"));
            assertThat(secrets.open(kept)).isEqualTo(json("{\"password\":\"p\",\"secureJsonData\":{\"b\":\"v-b\",\"c\":\"v-c\"}}"));

            ObjectNode emptied = json("{\"secureJsonData\":{\"b\":null,\"c\":null}}");
            assertThat(secrets.split(Set.of(), true, emptied, next, true, Set.of(), new Problems("c"))).isNull();
            assertThat(emptied).isEqualTo(json("{}"));
            ObjectNode ignored = json("{\"secureJsonData\":{\"x\":\"v\"}}");
            assertThat(secrets.split(Set.of(), false, ignored, null, true, Set.of(), new Problems("c")))
                    .as("a kind without secureJsonData seals nothing (validation refuses it first)").isNull();
        }

        @Test
        void a_changed_destination_needs_every_stored_secure_json_data_key_sent_again_or_cleared() {
            Secrets secrets = secrets();
            String stored = secrets.split(Set.of(), true, json("{\"secureJsonData\":{\"k\":\"v-1\",\"j\":\"v-2\"}}"), null,
                    true, Set.of(), new Problems("connection"));
            assertThatThrownBy(() -> secrets.split(Set.of(), true, json("{\"secureJsonData\":{\"k\":\"v-3\"}}"), stored, true,
                    Set.of("host"), new Problems("connection")))
                    .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.details()).containsExactly(
                            new FieldError("connection.secureJsonData.j", "must be sent again (or null to clear it) because host"
                                    + " changed: a stored secret only goes where it went before")));
            String moved = secrets.split(Set.of(), true, json("{\"secureJsonData\":{\"k\":\"v-3\",\"j\":null}}"), stored,
                    true, Set.of("host"), new Problems("connection"));
            assertThat(secrets.open(moved)).isEqualTo(json("{\"secureJsonData\":{\"k\":\"v-3\"}}"));
        }

        @Test
        void nothing_stored_opens_as_an_empty_object() {
            assertThat(secrets().open(null)).isEqualTo(json("{}"));
        }
    }

    @Nested
    class SealedSecrets {
        @TempDir
        Path dir;

        @Test
        void a_key_file_is_made_once_and_opens_what_it_sealed_and_nothing_else() throws Exception {
            SecretBox box = SecretBox.fromKeyFile(dir.resolve("k"));
            String sealed = box.seal("plain");
            assertThat(sealed).startsWith("v1:").doesNotContain("plain").isNotEqualTo(box.seal("plain"));
            assertThat(SecretBox.fromKeyFile(dir.resolve("k")).open(sealed)).isEqualTo("plain");

            SecretBox other = SecretBox.fromKeyFile(dir.resolve("other"));
            assertThatThrownBy(() -> other.open(sealed)).hasMessageContaining("another secret key");
            assertThatThrownBy(() -> box.open("v2:x:y")).hasMessageContaining("unknown format");
            assertThatThrownBy(() -> box.open("v1:only")).hasMessageContaining("unknown format");
            String[] parts = sealed.split(":", 3);
            String tampered = parts[0] + ":" + parts[1] + ":" + (parts[2].startsWith("A") ? "B" : "A") + parts[2].substring(1);
            assertThatThrownBy(() -> box.open(tampered)).hasMessageContaining("cannot be decrypted");

            assertThat(box.open(box.seal(""))).as("nothing but the nonce and the tag").isEmpty();

            Files.writeString(dir.resolve("short"), "c2hvcnQ=\n");
            assertThatThrownBy(() -> SecretBox.fromKeyFile(dir.resolve("short"))).hasMessageContaining("256-bit");
            Files.writeString(dir.resolve("bad"), "not base64!\n");
            assertThatThrownBy(() -> SecretBox.fromKeyFile(dir.resolve("bad"))).hasMessageContaining("not valid base64");
        }
    }

    @Nested
    class Passphrases {
        @Test
        void secrets_sealed_under_a_passphrase_open_only_with_it_and_its_context() {
            PassphraseBox box = new PassphraseBox();
            ObjectNode envelope = box.seal("{\"password\":\"p-1\"}", "a long passphrase");
            assertThat(envelope.toString()).doesNotContain("p-1");
            assertThat(box.open(envelope, "a long passphrase")).isEqualTo("{\"password\":\"p-1\"}");
            assertThatThrownBy(() -> box.open(envelope, "another passphrase"))
                    .isInstanceOf(InvalidException.class).hasMessageContaining("does not open");
        }
    }

    @Nested
    class Turns {
        @Test
        void a_third_writer_waits_for_the_second_after_the_first_gave_its_turn_back() throws Exception {
            DocumentLocks locks = new DocumentLocks(Duration.ofSeconds(5));
            CountDownLatch secondHasIt = new CountDownLatch(1);
            CountDownLatch secondMayGo = new CountDownLatch(1);
            CompletableFuture<Void> second;
            try (DocumentLocks.Turn first = locks.await("dashboards", "d")) {
                second = CompletableFuture.runAsync(() -> {
                    try (DocumentLocks.Turn turn = locks.await("dashboards", "d")) {
                        secondHasIt.countDown();
                        secondMayGo.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(100); // the second is waiting now
            }
            assertThat(secondHasIt.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> third = CompletableFuture.runAsync(() -> locks.await("dashboards", "d").close());
            Thread.sleep(200);
            assertThat(third).as("the third writer must wait while the second has the turn").isNotDone();
            secondMayGo.countDown();
            second.get(5, TimeUnit.SECONDS);
            third.get(5, TimeUnit.SECONDS);
        }

        @Test
        void writers_of_one_document_take_turns_and_others_do_not_wait() throws Exception {
            DocumentLocks locks = new DocumentLocks(Duration.ofMillis(200));
            try (DocumentLocks.Turn first = locks.await("dashboards", "d")) {
                // another writer (another thread: the turn of one thread is its own) waits, then is refused
                CompletableFuture<Throwable> refused = CompletableFuture.supplyAsync(() -> {
                    long start = System.nanoTime();
                    try {
                        locks.await("dashboards", "d").close();
                        return null;
                    } catch (RuntimeException e) {
                        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
                        return e;
                    }
                });
                assertThat(refused.get(5, TimeUnit.SECONDS)).isInstanceOf(StoreBusyException.class)
                        .hasMessageContaining("dashboards 'd' had other writers for 200 ms");
                CompletableFuture.runAsync(() -> {
                    try (DocumentLocks.Turn other = locks.await("dashboards", "e");
                         DocumentLocks.Turn otherKind = locks.await("reports", "d")) {
                        assertThat(other).isNotNull();
                        assertThat(otherKind).isNotNull();
                    }
                }).get(1, TimeUnit.SECONDS);
            }
            // given back, also by the writer that was refused: the next writer gets it at once, again and again
            for (int i = 0; i < 3; i++) {
                CompletableFuture.runAsync(() -> locks.await("dashboards", "d").close()).get(1, TimeUnit.SECONDS);
            }
        }

        @Test
        void a_waiting_writer_gets_the_turn_when_it_is_given_back() throws Exception {
            DocumentLocks locks = new DocumentLocks(Duration.ofSeconds(5));
            List<String> order = new ArrayList<>();
            CountDownLatch waiting = new CountDownLatch(1);
            Thread second;
            try (DocumentLocks.Turn first = locks.await("dashboards", "d")) {
                second = new Thread(() -> {
                    waiting.countDown();
                    try (DocumentLocks.Turn turn = locks.await("dashboards", "d")) {
                        synchronized (order) {
                            order.add("second");
                        }
                    }
                });
                second.start();
                waiting.await();
                Thread.sleep(100);
                synchronized (order) {
                    order.add("first");
                }
            }
            second.join(5_000);
            assertThat(order).containsExactly("first", "second");
        }

        @Test
        void an_interrupted_writer_is_refused_and_leaves_the_turn_free() throws Exception {
            DocumentLocks locks = new DocumentLocks(Duration.ofSeconds(5));
            List<Throwable> failures = new ArrayList<>();
            try (DocumentLocks.Turn first = locks.await("dashboards", "d")) {
                Thread waiter = new Thread(() -> {
                    try {
                        locks.await("dashboards", "d").close();
                    } catch (RuntimeException e) {
                        failures.add(e);
                        if (!Thread.currentThread().isInterrupted()) {
                            failures.add(new AssertionError("the interrupt was swallowed"));
                        }
                    }
                });
                waiter.start();
                Thread.sleep(100);
                waiter.interrupt();
                waiter.join(5_000);
            }
            assertThat(failures).singleElement().isInstanceOf(StoreBusyException.class);
            try (DocumentLocks.Turn again = locks.await("dashboards", "d")) {
                assertThat(again).isNotNull();
            }
        }
    }

    @Nested
    class Plans {
        private ImportPlan.Item item(String name, ImportPlan.Action action) {
            return new ImportPlan.Item("dashboards", name, "/dashboards/" + name, action, null, List.of(), false, null);
        }

        @Test
        void a_plan_counts_every_action_and_shows_reasons_and_details() {
            ImportPlan plan = new ImportPlan(List.of(item("a", ImportPlan.Action.CREATE),
                    new ImportPlan.Item("roles", "r", "/roles/r", ImportPlan.Action.CONFLICT, "it is invalid",
                            List.of(new FieldError("role.name", "is bad")), true, null),
                    item("b", ImportPlan.Action.CREATE)), BundleImporter.OnExisting.FAIL, true);
            assertThat(plan.count(ImportPlan.Action.CREATE)).isEqualTo(2);
            assertThat(plan.count(ImportPlan.Action.SKIP)).isZero();
            assertThat(plan.toJson().toString()).isEqualTo(json("{\"dryRun\":true,\"onExisting\":\"fail\","
                    + "\"summary\":{\"create\":2,\"update\":0,\"unchanged\":0,\"skip\":0,\"conflict\":1},\"documents\":["
                    + "{\"resource\":\"dashboards\",\"name\":\"a\",\"action\":\"create\"},"
                    + "{\"resource\":\"roles\",\"name\":\"r\",\"action\":\"conflict\",\"reason\":\"it is invalid\","
                    + "\"details\":[{\"path\":\"role.name\",\"message\":\"is bad\"}]},"
                    + "{\"resource\":\"dashboards\",\"name\":\"b\",\"action\":\"create\"}]}").toString());
        }

        @Test
        void an_answer_shows_at_most_a_hundred_documents_of_each_action_and_says_so() {
            List<ImportPlan.Item> items = new ArrayList<>();
            for (int i = 0; i < ImportPlan.SHOWN_PER_ACTION; i++) {
                items.add(item("u" + i, ImportPlan.Action.UPDATE));
            }
            ObjectNode exactly = new ImportPlan(items, BundleImporter.OnExisting.FAIL, false).toJson();
            assertThat(exactly.get("documents")).hasSize(100);
            assertThat(exactly.has("documentsShown")).isFalse();

            items.add(item("u-extra", ImportPlan.Action.UPDATE));
            items.add(item("s", ImportPlan.Action.SKIP));
            ObjectNode over = new ImportPlan(items, BundleImporter.OnExisting.FAIL, false).toJson();
            assertThat(over.get("documents")).hasSize(101);
            assertThat(over.path("summary").path("update").asInt()).isEqualTo(101);
            assertThat(over.path("documentsShown").asText()).contains("the first 100 documents of each action");
            assertThat(over.path("dryRun").asBoolean()).isFalse();
        }
    }
}
