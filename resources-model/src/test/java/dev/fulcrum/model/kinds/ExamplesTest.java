package dev.fulcrum.model.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Reference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind's example, which the app's conformance suite writes, is valid under any name and new each time. */
class ExamplesTest {

    static Stream<Kind> kinds() {
        return Kinds.all().stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void the_example_is_valid_under_the_name_asked_for(Kind kind) {
        ObjectNode example = kind.strategy().example("some-name");
        assertThat(example.get("name").asText()).isEqualTo("some-name");
        assertThat(StrategiesTest.problemsOf(kind, example)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void each_call_answers_a_new_document_that_references_only_what_the_kind_declares(Kind kind) {
        ObjectNode example = kind.strategy().example("x");
        example.put("name", "changed");
        assertThat(kind.strategy().example("x").get("name").asText()).isEqualTo("x");
        assertThat(kind.strategy().references(kind.strategy().example("x")))
                .extracting(Reference::resource).allMatch(kind.strategy().referencedResources()::contains);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void a_secret_field_of_the_example_holds_a_value_to_hide(Kind kind) {
        ObjectNode example = kind.strategy().example("x");
        kind.strategy().secretFields().stream().filter(example::has)
                .forEach(field -> assertThat(example.get(field).asText()).as(field).isNotBlank());
    }
}
