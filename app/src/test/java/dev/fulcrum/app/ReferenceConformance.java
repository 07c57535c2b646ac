package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Reference;
import io.restassured.response.Response;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each reference a kind's example has, found through the kind's own {@code references}: it must exist to be
 * written, and what it names cannot be deleted while it does.
 */
abstract class ReferenceConformance extends KindConformance {

    @Override
    String prefix() {
        return "ref";
    }

    /** Every kind with each reference of its example (kinds whose example references nothing have none). */
    Stream<Arguments> references() {
        return kinds().flatMap(kind -> kind.strategy().references(Examples.of(kind, name(kind, "x"))).stream()
                .map(reference -> Arguments.of(kind, reference.path())));
    }

    /** Every kind with each required reference of its example: an optional one may name what does not exist. */
    Stream<Arguments> requiredReferences() {
        return kinds().flatMap(kind -> kind.strategy().references(Examples.of(kind, name(kind, "x"))).stream()
                .filter(reference -> !reference.optional()).map(reference -> Arguments.of(kind, reference.path())));
    }

    private Reference referenceAt(Kind kind, ObjectNode document, String path) {
        return kind.strategy().references(document).stream().filter(each -> each.path().equals(path)).findFirst()
                .orElseThrow();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requiredReferences")
    void a_write_naming_an_absent_document_is_a_400_naming_it_and_stores_nothing(Kind kind, String path) {
        ObjectNode document = example(kind, name(kind, "dangling"));
        Examples.replaceAt(document, path, name(kind, "nowhere"));
        Reference missing = referenceAt(kind, document, path);
        String before = server().api().get(path(kind)).asString();
        Response response = server().api().body(Examples.wrap(kind, document)).post(path(kind));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.jsonPath().getString("details[0].path")).isEqualTo(kind.singular() + "." + path);
        assertThat(response.jsonPath().getString("details[0].message"))
                .contains(missing.resource() + " '" + missing.name() + "'", "does not exist");
        assertThat(server().api().get(path(kind)).asString()).isEqualTo(before);
        assertThat(get(kind, document.get("name").asText()).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("references")
    void what_a_document_names_lists_it_as_used_by_and_cannot_be_deleted_until_it_is_gone(Kind kind, String path) {
        String name = name(kind, "dependent");
        JsonNode stored = create(kind, name);
        Reference reference = referenceAt(kind, (ObjectNode) stored, path);
        String referenced = "/api/v1/" + reference.resource() + "/" + reference.name();
        JsonNode dependent = Jsons.parse("{\"resource\":\"" + kind.resource() + "\",\"name\":\"" + name + "\"}");

        Response usedBy = server().api().get(referenced + "/used-by");
        assertThat(usedBy.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(usedBy.asString()).get("usedBy")).contains(dependent);

        String before = server().api().get(referenced).asString();
        Response refused = server().api().delete(referenced);
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("error")).contains(kind.resource() + " '" + name + "'");
        assertThat(Jsons.parse(refused.asString()).get("usedBy")).contains(dependent);
        assertThat(server().api().get(referenced).asString()).isEqualTo(before);

        assertThat(server().api().delete(path(kind, name)).statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(server().api().get(referenced + "/used-by").asString()).get("usedBy")).doesNotContain(dependent);
    }
}
