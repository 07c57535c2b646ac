package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to every kind is a 400 {@code {"error": ...}} and stores nothing. */
abstract class ValidationConformance extends KindConformance {

    @Override
    String prefix() {
        return "invalid";
    }

    Stream<Arguments> badBodies() {
        return kinds().flatMap(kind -> {
            String bad = name(kind, "bad");
            String valid = Examples.of(kind, bad).toString();
            String w = kind.singular();
            return Stream.of(
                    Arguments.of(kind, "malformed JSON", "{\"" + w + "\": {\"name\": \"" + bad + "\",}"),
                    Arguments.of(kind, "truncated JSON", "{\"" + w + "\": " + valid.substring(0, valid.length() / 2)),
                    Arguments.of(kind, "empty body", ""),
                    Arguments.of(kind, "array instead of object", "[" + valid + "]"),
                    Arguments.of(kind, "bare document without wrapper", valid),
                    Arguments.of(kind, "wrong wrapper key", "{\"somethingElse\": " + valid + "}"),
                    Arguments.of(kind, "plural wrapper key", "{\"" + kind.plural() + "\": " + valid + "}"),
                    Arguments.of(kind, "extra key beside the wrapper", "{\"" + w + "\": " + valid + ", \"x\": 1}"),
                    Arguments.of(kind, "document is a string", "{\"" + w + "\": \"" + bad + "\"}"),
                    Arguments.of(kind, "document is an array", "{\"" + w + "\": [" + valid + "]}"),
                    Arguments.of(kind, "document is null", "{\"" + w + "\": null}"),
                    Arguments.of(kind, "missing name", "{\"" + w + "\": {\"title\": \"x\"}}"),
                    Arguments.of(kind, "empty name", "{\"" + w + "\": {\"name\": \"\"}}"),
                    Arguments.of(kind, "numeric name", "{\"" + w + "\": {\"name\": 42}}"),
                    Arguments.of(kind, "name with a slash", "{\"" + w + "\": {\"name\": \"a/b\"}}"),
                    Arguments.of(kind, "name with a space", "{\"" + w + "\": {\"name\": \"a b\"}}"),
                    Arguments.of(kind, "name starting with a dot", "{\"" + w + "\": {\"name\": \".hidden\"}}"),
                    Arguments.of(kind, "name over 200 characters", "{\"" + w + "\": {\"name\": \"" + "a".repeat(201) + "\"}}"),
                    Arguments.of(kind, "duplicate keys", "{\"" + w + "\": {\"name\": \"" + bad + "\", \"name\": \"other\"}}"),
                    Arguments.of(kind, "trailing garbage", "{\"" + w + "\": " + valid + "} x"));
        });
    }

    /** What the examples reference exists, so that only what each test breaks is wrong. */
    @BeforeAll
    void createWhatTheExamplesReference() {
        kinds().forEach(kind -> example(kind, name(kind, "bad")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badBodies")
    void bad_input_is_a_400_with_an_error_and_changes_nothing(Kind kind, String what, String body) {
        assertRefusedAndNothingStored(kind, name(kind, "bad"), body);
    }

    /** Each top-level field of the example but its name, given a value of another JSON type. */
    Stream<Arguments> wrongTypes() {
        return kinds().flatMap(kind -> {
            List<Arguments> cases = new ArrayList<>();
            Examples.of(kind, "x").fieldNames().forEachRemaining(field -> {
                if (!field.equals("name")) {
                    cases.add(Arguments.of(kind, field));
                }
            });
            return cases.stream();
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("wrongTypes")
    void a_field_of_the_wrong_type_is_a_400_naming_it_and_changes_nothing(Kind kind, String field) {
        String name = name(kind, "bad");
        ObjectNode document = Examples.of(kind, name);
        document.set(field, otherType(document.get(field)));
        Response response = assertRefusedAndNothingStored(kind, name, Examples.wrap(kind, document));
        assertThat(response.asString()).contains(kind.singular() + "." + field);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void an_invalid_name_in_the_url_is_a_400_that_says_what_a_name_is(Kind kind) {
        for (String bad : List.of(".hidden", "a%20b", "x".repeat(201))) {
            Response response = server().api().get(path(kind, bad));
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.jsonPath().getString("error")).contains("letters, digits");
            Response write = server().api().body(Examples.wrap(kind, Examples.of(kind, "x"))).put(path(kind, bad));
            assertThat(write.statusCode()).as(bad).isEqualTo(400);
        }
    }

    private Response assertRefusedAndNothingStored(Kind kind, String name, String body) {
        String before = server().api().get(path(kind)).asString();
        Response response = server().api().body(body).post(path(kind));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(Jsons.parse(response.asString()).get("error").asText()).isNotBlank();
        assertThat(server().api().get(path(kind)).asString()).isEqualTo(before);
        assertThat(get(kind, name).statusCode()).isEqualTo(404);
        return response;
    }

    /** A value no field of that type accepts: a number for text, text for anything else. */
    private static JsonNode otherType(JsonNode value) {
        return value.isTextual() ? JsonNodeFactory.instance.numberNode(42) : JsonNodeFactory.instance.textNode("42");
    }
}
