package dev.fulcrum.model.kinds;

import static dev.fulcrum.model.kinds.StrategiesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.FieldError;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Names;
import dev.fulcrum.model.Problems;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Passwords, user-auths, names and the order of kinds, through their own API. */
class PasswordsAndNamesTest {
    private static final String SALT_AND_HASH = "$c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43);
    private static final UserAuthStrategy AUTHS = new UserAuthStrategy();

    @Nested
    class Hashes {
        @Test
        void a_hash_is_argon2id_with_this_servers_parameters_of_the_nfc_form() {
            String hash = Passwords.hash("cafe\u0301 au lait 12");
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=3,p=1$");
            assertThat(Passwords.isHash(hash)).isTrue();
            assertThat(Passwords.costProblem(hash)).isNull();
            assertThat(Passwords.needsRehash(hash)).isFalse();
            assertThat(Passwords.verify(hash, "caf\u00e9 au lait 12")).isTrue();
            assertThat(Passwords.verify(hash, "cafe\u0301 au lait 12")).isTrue();
            assertThat(Passwords.verify(hash, "cafe au lait 12")).isFalse();
            assertThat(Passwords.verify(null, "cafe au lait 12")).isFalse();
        }

        @Test
        void every_hash_and_check_gives_its_slot_back() {
            // two slots per core: a slot not given back would make the next hashes wait for ever
            int more = 2 * Runtime.getRuntime().availableProcessors() + 1;
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
                for (int i = 0; i < more; i++) {
                    assertThat(Passwords.verify(null, "not a password")).isFalse();
                }
                String hash = null;
                for (int i = 0; i < more; i++) {
                    hash = Passwords.hash("a password " + i);
                }
                assertThat(Passwords.verify(hash, "a password " + (more - 1))).isTrue();
            });
        }

        @Test
        void a_costlier_hash_is_never_computed_and_a_cheaper_one_is_made_again() {
            String cheaper = "$argon2id$v=19$m=8,t=1,p=1" + SALT_AND_HASH;
            assertThat(Passwords.costProblem(cheaper)).isNull();
            assertThat(Passwords.needsRehash(cheaper)).isTrue();
            assertThat(Passwords.needsRehash(null)).isFalse();
            for (String costlier : List.of("$argon2id$v=19$m=19457,t=3,p=1", "$argon2id$v=19$m=19456,t=4,p=1",
                    "$argon2id$v=19$m=19456,t=3,p=2", "$argon2id$v=16$m=19456,t=3,p=1", "$argon2id$v=19$m=1234567890,t=3,p=1")) {
                assertThat(Passwords.costProblem(costlier + SALT_AND_HASH)).as(costlier)
                        .startsWith("costs more than this server's own Argon2id parameters allow (v=19$m=19456,t=3,p=1)");
                assertThat(Passwords.verify(costlier + SALT_AND_HASH, "anything at all")).isFalse();
            }
            assertThat(Passwords.costProblem("$argon2id$v=19$m=19456,t=3,p=1" + SALT_AND_HASH)).isNull();
            assertThat(Passwords.costProblem("$argon2i$v=19$m=8,t=1,p=1" + SALT_AND_HASH)).isEqualTo("is not an Argon2id hash");
            assertThat(Passwords.isHash("$argon2id$v=19$m=8,t=1,p=1$" + "A".repeat(600) + "$B")).isFalse();
            assertThat(Passwords.isHash("plain")).isFalse();
        }

        @Test
        void length_is_counted_in_utf8_bytes_up_to_1024() {
            assertThat(Passwords.isTooLong("a".repeat(1024))).isFalse();
            assertThat(Passwords.isTooLong("a".repeat(1025))).isTrue();
            assertThat(Passwords.isTooLong("\u00e9".repeat(512))).as("2 bytes each").isFalse();
            assertThat(Passwords.isTooLong("\u00e9".repeat(512) + "a")).isTrue();
            assertThat(Passwords.isTooLong("\u20ac".repeat(341) + "a")).as("3 bytes each").isFalse();
            assertThat(Passwords.isTooLong("\u20ac".repeat(342) + "a")).isTrue();
            assertThat(Passwords.isTooLong("\uD83D\uDE00".repeat(256))).as("4 bytes per pair").isFalse();
            assertThat(Passwords.isTooLong("\uD83D\uDE00".repeat(256) + "a")).isTrue();
            assertThat(Passwords.isTooLong("\u007f".repeat(1024))).isFalse();
            assertThat(Passwords.isTooLong("\u0080".repeat(512) + "a")).isTrue();
            assertThat(Passwords.isTooLong("\u07ff".repeat(512))).isFalse();
            assertThat(Passwords.isTooLong("\u0800".repeat(342))).isTrue();
        }
    }

    @Nested
    class UserAuths {
        private List<FieldError> problemsOf(String document) {
            return StrategiesTest.problemsOf(Kinds.USER_AUTHS, json(document));
        }

        @Test
        void a_plain_password_is_checked_for_length_and_strategy() {
            assertThat(problemsOf("{\"name\":\"u\",\"currentPass\":{\"pass\":\"" + "a".repeat(1025) + "\",\"hashStrategy\":\"none\"}}"))
                    .containsExactly(new FieldError("userAuth.currentPass.pass", "must be at most 1024 bytes (UTF-8)"),
                            new FieldError("userAuth.currentPass.pass", "is required (a plain password, with hashStrategy 'none')"));
            assertThat(problemsOf("{\"name\":\"u\",\"currentPass\":{\"pass\":\"" + "a".repeat(1025) + "\",\"hashStrategy\":\"x\"}}"))
                    .extracting(FieldError::path).containsExactly("userAuth.currentPass.pass", "userAuth.currentPass.pass");
            assertThat(problemsOf("{\"name\":\"u\",\"currentPass\":{\"pass\":\"long enough password\"}}")).isEmpty();
            assertThat(problemsOf("{\"name\":\"u\",\"currentPass\":{\"hashStrategy\":\"argon2id\"}}")).isEmpty();
            assertThat(problemsOf("{\"name\":\"u\",\"currentPass\":{\"hashStrategy\":\"none\"}}")).containsExactly(
                    new FieldError("userAuth.currentPass.pass", "is required (a plain password, with hashStrategy 'none')"));
            assertThat(problemsOf("{\"name\":\"u\",\"currentPass\":{}}")).isEmpty();
            assertThat(problemsOf("{\"name\":\"u\",\"type\":1}")).extracting(FieldError::path).containsExactly("userAuth.type");
        }

        @Test
        void prepare_replaces_the_plain_password_by_its_hash_and_the_stored_shape() {
            ObjectNode auth = json("{\"name\":\"u\",\"currentPass\":{\"pass\":\"long enough password\",\"hashStrategy\":\"none\"}}");
            AUTHS.prepare(auth);
            assertThat(Passwords.verify(auth.get(UserAuthStrategy.HASH).asText(), "long enough password")).isTrue();
            assertThat(auth.get("currentPass").size()).isEqualTo(2);
            assertThat(auth.get("currentPass").get("hashStrategy").asText()).isEqualTo("argon2id");
            assertThat(auth.get("currentPass").get("createdAt").asText()).matches("\\d{4}-.*\\.\\d{3}Z|\\d{4}-[^.]*Z");
            ObjectNode none = json("{\"name\":\"u\"}");
            AUTHS.prepare(none);
            assertThat(none).isEqualTo(json("{\"name\":\"u\"}"));
        }

        @Test
        void a_write_without_a_password_keeps_the_stored_one_and_a_new_one_moves_the_old_into_the_history() {
            ObjectNode stored = json("{\"name\":\"u\",\"currentPass\":{\"createdAt\":\"t1\",\"hashStrategy\":\"argon2id\"},"
                    + "\"passHistory\":[{\"createdAt\":\"t0\"}]}");
            ObjectNode kept = json("{\"name\":\"u\"}");
            AUTHS.mergeWithStored(kept, stored);
            assertThat(kept).isEqualTo(stored);

            ObjectNode changed = json("{\"name\":\"u\",\"passwordHash\":\"h\",\"currentPass\":{\"createdAt\":\"t2\",\"hashStrategy\":\"argon2id\"}}");
            AUTHS.mergeWithStored(changed, stored);
            assertThat(changed.get("passHistory")).isEqualTo(json("{\"h\":[{\"createdAt\":\"t0\"},{\"createdAt\":\"t1\"}]}").get("h"));

            ObjectNode first = json("{\"name\":\"u\",\"passwordHash\":\"h\"}");
            AUTHS.mergeWithStored(first, null);
            assertThat(first.get("passHistory")).isEmpty();
            ObjectNode noCreatedAt = json("{\"name\":\"u\",\"passwordHash\":\"h\"}");
            AUTHS.mergeWithStored(noCreatedAt, json("{\"name\":\"u\",\"currentPass\":{},\"passHistory\":{}}"));
            assertThat(noCreatedAt.get("passHistory")).isEmpty();

            assertThatThrownBy(() -> AUTHS.mergeWithStored(json("{\"name\":\"u\"}"), null))
                    .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.details()).containsExactly(
                            new FieldError("userAuth.currentPass.pass", "is required to create a user-auth")));
            assertThatThrownBy(() -> AUTHS.mergeWithStored(json("{\"name\":\"u\"}"), json("{\"name\":\"u\"}")))
                    .isInstanceOf(InvalidException.class);
        }

        @Test
        void an_imported_user_auth_comes_back_with_its_hash_and_history_or_keeps_the_stored_one() {
            String hash = "$argon2id$v=19$m=8,t=1,p=1" + SALT_AND_HASH;
            ObjectNode restored = json("{\"name\":\"u\",\"passwordHash\":\"" + hash + "\",\"currentPass\":{\"createdAt\":\"t1\","
                    + "\"hashStrategy\":\"argon2id\"},\"passHistory\":[{\"createdAt\":\"t0\"}]}");
            ObjectNode copy = restored.deepCopy();
            AUTHS.mergeImported(copy, null);
            assertThat(copy).isEqualTo(restored);
            ObjectNode withoutHistory = json("{\"name\":\"u\",\"passwordHash\":\"" + hash + "\",\"currentPass\":{\"hashStrategy\":\"argon2id\"}}");
            AUTHS.mergeImported(withoutHistory, null);
            assertThat(withoutHistory.get("passHistory")).isEmpty();

            ObjectNode stored = json("{\"name\":\"u\",\"currentPass\":{\"createdAt\":\"t1\",\"hashStrategy\":\"argon2id\"},\"passHistory\":[]}");
            ObjectNode noHash = json("{\"name\":\"u\"}");
            AUTHS.mergeImported(noHash, stored);
            assertThat(noHash).isEqualTo(stored);
            assertThatThrownBy(() -> AUTHS.mergeImported(json("{\"name\":\"u\"}"), null))
                    .hasMessageContaining("the bundle carries no password hash");
            assertThatThrownBy(() -> AUTHS.mergeImported(json("{\"name\":\"u\"}"), json("{\"name\":\"u\"}")))
                    .isInstanceOf(InvalidException.class);
        }

        @Test
        void an_imported_hash_history_and_strategy_are_checked() {
            assertThat(importProblems("{\"name\":\"u\",\"passwordHash\":7,\"currentPass\":{\"hashStrategy\":\"argon2id\"}}"))
                    .containsExactly(new FieldError("userAuth.passwordHash", "must be an Argon2id hash as Fulcrum writes it"));
            assertThat(importProblems("{\"name\":\"u\",\"passwordHash\":\"$argon2id$x\",\"currentPass\":{\"hashStrategy\":\"argon2id\"}}"))
                    .extracting(FieldError::path).containsExactly("userAuth.passwordHash");
            assertThat(importProblems("{\"name\":\"u\",\"passwordHash\":\"$argon2id$v=19$m=19456,t=9,p=1" + SALT_AND_HASH
                    + "\",\"currentPass\":{\"hashStrategy\":\"argon2id\"}}")).singleElement()
                    .satisfies(problem -> assertThat(problem.message()).startsWith("costs more"));
            String hash = "$argon2id$v=19$m=8,t=1,p=1" + SALT_AND_HASH;
            assertThat(importProblems("{\"name\":\"u\",\"passwordHash\":\"" + hash + "\",\"currentPass\":{\"hashStrategy\":\"none\"}}"))
                    .containsExactly(new FieldError("userAuth.currentPass.hashStrategy", "must be 'argon2id' with a password hash"));
            assertThat(importProblems("{\"name\":\"u\",\"passwordHash\":\"" + hash + "\",\"currentPass\":{\"hashStrategy\":\"argon2id\"},"
                    + "\"passHistory\":{}}")).containsExactly(new FieldError("userAuth.passHistory", "must be an array"));
            assertThat(importProblems("{\"name\":\"u\",\"passwordHash\":\"" + hash + "\",\"currentPass\":{\"hashStrategy\":\"argon2id\"},"
                    + "\"passHistory\":[{\"createdAt\":\"t\"},{\"createdAt\":1},{\"createdAt\":\"t\",\"hash\":\"h\"},{}]}"))
                    .extracting(FieldError::path).containsExactly("userAuth.passHistory[1]", "userAuth.passHistory[2]",
                            "userAuth.passHistory[3]");
        }

        private List<FieldError> importProblems(String document) {
            try {
                AUTHS.mergeImported(json(document), null);
                return List.of();
            } catch (InvalidException e) {
                return e.details();
            }
        }

        @Test
        void a_user_auth_references_its_user_and_its_hash_is_a_secret_that_is_never_masked() {
            assertThat(AUTHS.references(json("{\"name\":\"u\"}"))).singleElement()
                    .satisfies(reference -> assertThat(reference.name()).isEqualTo("u"));
            assertThat(AUTHS.secretFields()).containsExactly("passwordHash");
            assertThat(AUTHS.masksSecrets()).isFalse();
            assertThat(AUTHS.referencedResources()).containsExactly("users");
            assertThat(AUTHS.filterFields()).containsExactly("type");
        }
    }

    @Nested
    class DocumentNames {
        @ParameterizedTest
        @ValueSource(strings = {"a", "A9", "_x", "@team", "+1", "-x", "a.b", "a..b", "x."})
        void names_of_letters_digits_and_a_few_signs_are_valid(String name) {
            assertThat(Names.isValid(name)).isTrue();
            assertThat(Names.problem(name)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {".hidden", "a b", "a/b", "é", "a\nb"})
        void anything_else_is_not(String name) {
            assertThat(Names.isValid(name)).isFalse();
            assertThat(Names.problem(name)).contains("is not a valid name; " + Names.RULE);
        }

        @Test
        void a_name_has_1_to_200_characters() {
            assertThat(Names.isValid("a".repeat(200))).isTrue();
            assertThat(Names.isValid("a".repeat(201))).isFalse();
            assertThat(Names.problem("")).contains("is required; " + Names.RULE);
            assertThat(Names.problem(null)).contains("is required; " + Names.RULE);
            assertThat(Names.isValid(null)).isFalse();
        }

        @Test
        void the_check_agrees_with_the_published_pattern_on_a_hundred_thousand_random_names() {
            java.util.Random random = new java.util.Random(42);
            String alphabet = "aZ09._@+-/ é\n%\u0000\u0130:";
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(Names.PATTERN);
            for (int i = 0; i < 100_000; i++) {
                StringBuilder name = new StringBuilder();
                int length = i % 50 == 0 ? 195 + random.nextInt(10) : random.nextInt(6);
                for (int j = 0; j < length; j++) {
                    name.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                assertThat(Names.isValid(name.toString())).as(name.toString()).isEqualTo(pattern.matcher(name).matches());
            }
        }
    }

    @Test
    void a_problem_at_the_document_itself_has_the_roots_path() {
        Problems problems = new Problems("role");
        problems.add("", "is bad");
        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(InvalidException.class,
                e -> assertThat(e.details()).containsExactly(new FieldError("role", "is bad")));
        assertThat(Problems.recordingSchemaInto(json("{}")).schema()).isEqualTo(json("{}"));
        assertThat(new Problems("role").schema()).isNull();
    }
}
