package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every secret field of every kind ({@code secretFields}) with the value its example gives: never in any
 * response, shown as {@code "********"} where the kind masks secrets and left out where it does not.
 */
abstract class SecretConformance extends KindConformance {
    private static final String MASK = "********";

    @Override
    String prefix() {
        return "secret";
    }

    /** The example's secret fields that hold a value, with the value. */
    private static Map<String, String> secretsOf(Kind kind, ObjectNode example) {
        Map<String, String> secrets = new TreeMap<>();
        kind.strategy().secretFields().stream().filter(example::has)
                .forEach(field -> secrets.put(field, example.get(field).asText()));
        return secrets;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void no_response_holds_a_secret_and_each_shows_as_the_kind_says(Kind kind) {
        String name = name(kind, "kept");
        String url = path(kind, name);
        Map<String, String> secrets = secretsOf(kind, Examples.of(kind, name));
        List<JsonNode> documents = new ArrayList<>(createReplaceAndPatch(kind, name, "POST")); // as a client sees it
        List<String> responses = new ArrayList<>(); // everything else a client sees of it
        documents.add(ok(server().api().get(url)).get(kind.singular()));
        ok(server().api().get(path(kind))).get(kind.plural()).forEach(each -> {
            if (each.get("name").asText().equals(name)) {
                documents.add(each);
            }
        });
        assertThat(documents).hasSize(5);
        JsonNode history = ok(server().api().get(url + "/history"));
        history.get("history").forEach(version -> documents.add(version.get(kind.singular())));
        documents.add(ok(server().api().get(url + "/history/1")).get(kind.singular()));
        for (JsonNode exported : ok(server().api().get("/api/v1/export?resources=" + kind.resource()))
                .get("resources").get(kind.resource())) {
            if (exported.get("name").asText().equals(name)) {
                documents.add(exported);
            }
        }
        assertThat(documents).hasSize(10);
        responses.add(server().api().get("/api/v1/audit?resource=" + kind.resource() + "&name=" + name).asString());
        documents.forEach(document -> responses.add(document.toString()));

        for (String field : kind.strategy().secretFields()) {
            for (JsonNode document : documents) {
                JsonNode shown = document.get(field);
                if (secrets.containsKey(field) && kind.strategy().masksSecrets()) {
                    assertThat(shown).as(field + " in " + document).isNotNull();
                    assertThat(shown.asText()).as(field).isEqualTo(MASK);
                } else {
                    assertThat(shown).as(field + " in " + document).isNull();
                }
            }
        }
        for (String secret : secrets.values()) {
            assertThat(responses).noneMatch(response -> response.contains(secret));
        }
    }

    @Test
    void no_secret_of_any_example_is_stored_in_plain_text() {
        List<String> secrets = new ArrayList<>();
        kinds().forEach(kind -> {
            create(kind, name(kind, "stored"));
            secrets.addAll(secretsOf(kind, Examples.of(kind, name(kind, "stored"))).values());
        });
        Assumptions.assumeFalse(secrets.isEmpty(), "no example here sends a secret");
        String stored = server().storedContent();
        assertThat(secrets).noneMatch(stored::contains);
    }
}
