package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same behaviours over every kind: each kind only supplies a valid example document (see {@link Fixtures}). */
class ConformanceTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Fixtures.createReferencedDocuments(server);
        for (Kind kind : Kinds.all()) {
            for (String name : List.of(name(kind, "create"), name(kind, "replace"), name(kind, "list-a"), name(kind, "list-b"), name(kind, "list-c"),
                    name(kind, "update"), name(kind, "noname"), name(kind, "absent"), name(kind, "delete"), name(kind, "mismatch"), name(kind, "other"), name(kind, "bad"))) {
                if (kind == Kinds.USER_AUTHS || kind == Kinds.USER_STATUSES) {
                    Fixtures.createNamedDependencies(server, kind, name);
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A name of its own for each kind and test, so user-auths can name users without colliding with them. */
    private static String name(Kind kind, String suffix) {
        return "conf-" + kind.resource() + "-" + suffix;
    }

    static Stream<Kind> kinds() {
        return Kinds.all().stream();
    }

    private static String wrap(Kind kind, JsonNode document) {
        return "{\"" + kind.singular() + "\":" + document + "}";
    }

    private static String path(Kind kind) {
        return "/api/v1/" + kind.resource();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void create_then_get_returns_the_stored_form(Kind kind) {
        ObjectNode document = Fixtures.valid(kind, name(kind, "create"));
        Response created = server.api().body(wrap(kind, document)).post(path(kind));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        JsonNode body = Jsons.parse(created.asString());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("message").asText()).isEqualTo("Created successfully");
        JsonNode stored = body.get(kind.singular());
        assertThat(stored.get("name").asText()).isEqualTo(name(kind, "create"));

        Response read = server.api().get(path(kind) + "/" + name(kind, "create"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(read.asString())).isEqualTo(Jsons.parse(wrap(kind, stored)));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void create_of_an_existing_name_replaces_it(Kind kind) {
        server.create(kind.resource(), kind.singular(), Fixtures.valid(kind, name(kind, "replace")).toString());
        ObjectNode changed = Fixtures.valid(kind, name(kind, "replace")).put("title", "Changed");
        Response again = server.api().body(wrap(kind, changed)).post(path(kind));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getString("message")).isEqualTo("Updated successfully");
        assertThat(server.api().get(path(kind) + "/" + name(kind, "replace")).jsonPath().getString(kind.singular() + ".title"))
                .isEqualTo("Changed");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void list_holds_every_document_sorted_by_name(Kind kind) {
        for (String name : List.of(name(kind, "list-b"), name(kind, "list-c"), name(kind, "list-a"))) {
            server.create(kind.resource(), kind.singular(), Fixtures.valid(kind, name).toString());
        }
        Response list = server.api().get(path(kind));
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode items = Jsons.parse(list.asString()).get(kind.plural());
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(item.get("name").asText()));
        assertThat(names).contains(name(kind, "list-a"), name(kind, "list-b"), name(kind, "list-c")).isSorted();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void update_by_name_with_post_or_put_replaces_the_document(Kind kind) {
        server.create(kind.resource(), kind.singular(), Fixtures.valid(kind, name(kind, "update")).toString());
        for (String method : List.of("POST", "PUT")) {
            ObjectNode changed = Fixtures.valid(kind, name(kind, "update")).put("title", "Via " + method);
            Response updated = server.api().body(wrap(kind, changed)).request(method, path(kind) + "/" + name(kind, "update"));
            assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
            assertThat(updated.jsonPath().getString("message")).isEqualTo("Updated successfully");
            assertThat(updated.jsonPath().getString(kind.singular() + ".title")).isEqualTo("Via " + method);
            assertThat(server.api().get(path(kind) + "/" + name(kind, "update")).jsonPath().getString(kind.singular() + ".title"))
                    .isEqualTo("Via " + method);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void update_by_name_may_leave_the_name_out_of_the_body(Kind kind) {
        server.create(kind.resource(), kind.singular(), Fixtures.valid(kind, name(kind, "noname")).toString());
        ObjectNode changed = Fixtures.valid(kind);
        changed.remove("name");
        Response updated = server.api().body(wrap(kind, changed)).post(path(kind) + "/" + name(kind, "noname"));
        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
        assertThat(updated.jsonPath().getString(kind.singular() + ".name")).isEqualTo(name(kind, "noname"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void update_of_an_absent_document_is_404_and_creates_nothing(Kind kind) {
        Response updated = server.api().body(wrap(kind, Fixtures.valid(kind, name(kind, "absent")))).put(path(kind) + "/" + name(kind, "absent"));
        assertThat(updated.statusCode()).isEqualTo(404);
        assertThat(Jsons.parse(updated.asString())).isEqualTo(Jsons.parse("{\"error\":\"Not found.\"}"));
        assertThat(server.api().get(path(kind) + "/" + name(kind, "absent")).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void delete_removes_the_document_and_a_second_delete_is_404(Kind kind) {
        server.create(kind.resource(), kind.singular(), Fixtures.valid(kind, name(kind, "delete")).toString());
        Response deleted = server.api().delete(path(kind) + "/" + name(kind, "delete"));
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(deleted.asString()))
                .isEqualTo(Jsons.parse("{\"status\":\"ok\",\"message\":\"Deleted successfully\"}"));
        assertThat(server.api().get(path(kind) + "/" + name(kind, "delete")).statusCode()).isEqualTo(404);
        Response again = server.api().delete(path(kind) + "/" + name(kind, "delete"));
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.jsonPath().getString("error")).isEqualTo("Not found.");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void get_of_an_absent_document_is_404_not_found(Kind kind) {
        Response read = server.api().get(path(kind) + "/never-there");
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(Jsons.parse(read.asString())).isEqualTo(Jsons.parse("{\"error\":\"Not found.\"}"));
    }

    static Stream<Arguments> badBodies() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : Kinds.all()) {
            String bad = name(kind, "bad");
            String valid = Fixtures.valid(kind, bad).toString();
            String w = kind.singular();
            cases.add(Arguments.of(kind, "malformed JSON", "{\"" + w + "\": {\"name\": \"" + bad + "\",}"));
            cases.add(Arguments.of(kind, "truncated JSON", "{\"" + w + "\": " + valid.substring(0, valid.length() / 2)));
            cases.add(Arguments.of(kind, "empty body", ""));
            cases.add(Arguments.of(kind, "array instead of object", "[" + valid + "]"));
            cases.add(Arguments.of(kind, "bare document without wrapper", valid));
            cases.add(Arguments.of(kind, "wrong wrapper key", "{\"somethingElse\": " + valid + "}"));
            cases.add(Arguments.of(kind, "plural wrapper key", "{\"" + kind.plural() + "\": " + valid + "}"));
            cases.add(Arguments.of(kind, "extra key beside the wrapper", "{\"" + w + "\": " + valid + ", \"x\": 1}"));
            cases.add(Arguments.of(kind, "document is a string", "{\"" + w + "\": \"" + bad + "\"}"));
            cases.add(Arguments.of(kind, "document is an array", "{\"" + w + "\": [" + valid + "]}"));
            cases.add(Arguments.of(kind, "document is null", "{\"" + w + "\": null}"));
            cases.add(Arguments.of(kind, "missing name", "{\"" + w + "\": {\"title\": \"x\"}}"));
            cases.add(Arguments.of(kind, "empty name", "{\"" + w + "\": {\"name\": \"\"}}"));
            cases.add(Arguments.of(kind, "numeric name", "{\"" + w + "\": {\"name\": 42}}"));
            cases.add(Arguments.of(kind, "name with a slash", "{\"" + w + "\": {\"name\": \"a/b\"}}"));
            cases.add(Arguments.of(kind, "name with a space", "{\"" + w + "\": {\"name\": \"a b\"}}"));
            cases.add(Arguments.of(kind, "name starting with a dot", "{\"" + w + "\": {\"name\": \".hidden\"}}"));
            cases.add(Arguments.of(kind, "name over 200 characters", "{\"" + w + "\": {\"name\": \"" + "a".repeat(201) + "\"}}"));
            cases.add(Arguments.of(kind, "duplicate keys", "{\"" + w + "\": {\"name\": \"" + bad + "\", \"name\": \"other\"}}"));
            cases.add(Arguments.of(kind, "trailing garbage", "{\"" + w + "\": " + valid + "} x"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badBodies")
    void bad_input_is_a_400_with_an_error_and_changes_nothing(Kind kind, String what, String body) {
        String before = server.api().get(path(kind)).asString();
        Response response = server.api().body(body).post(path(kind));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(Jsons.parse(response.asString()).get("error").asText()).isNotBlank();
        assertThat(server.api().get(path(kind)).asString()).isEqualTo(before);
        assertThat(server.api().get(path(kind) + "/" + name(kind, "bad")).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void a_name_in_the_body_that_differs_from_the_url_is_refused(Kind kind) {
        server.create(kind.resource(), kind.singular(), Fixtures.valid(kind, name(kind, "mismatch")).toString());
        Response response = server.api().body(wrap(kind, Fixtures.valid(kind, name(kind, "other")))).post(path(kind) + "/" + name(kind, "mismatch"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("error")).contains("differs from the name in the URL");
        assertThat(server.api().get(path(kind) + "/" + name(kind, "other")).statusCode()).isEqualTo(404);
        assertThat(server.api().get(path(kind) + "/" + name(kind, "mismatch") + "/history").jsonPath().getInt("total")).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void an_invalid_name_in_the_url_is_a_400_that_says_what_a_name_is(Kind kind) {
        for (String bad : List.of(".hidden", "a%20b", "x".repeat(201))) {
            Response response = server.api().get(path(kind) + "/" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.jsonPath().getString("error")).contains("letters, digits");
        }
    }
}
