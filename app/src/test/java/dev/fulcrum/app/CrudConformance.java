package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Kind;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Create, get, list, replace, update (POST, PUT, PATCH), delete and 404 of every kind, from its example; PUT of an
 * absent document creates it.
 */
abstract class CrudConformance extends KindConformance {

    @Override
    String prefix() {
        return "crud";
    }

    private Response write(Kind kind, String method, String url, JsonNode document) {
        return server().api().body(Examples.wrap(kind, document)).request(method, url);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void create_then_get_returns_the_stored_form(Kind kind) {
        Response created = write(kind, "POST", path(kind), example(kind, name(kind, "create")));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        JsonNode body = Jsons.parse(created.asString());
        assertThat(body.get("status").asText()).isEqualTo("ok");
        assertThat(body.get("message").asText()).isEqualTo("Created successfully");
        JsonNode stored = body.get(kind.singular());
        assertThat(stored.get("name").asText()).isEqualTo(name(kind, "create"));

        Response read = get(kind, name(kind, "create"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(read.asString())).isEqualTo(Jsons.parse(Examples.wrap(kind, stored)));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void create_of_an_existing_name_replaces_it(Kind kind) {
        create(kind, name(kind, "replace"));
        Response again = write(kind, "POST", path(kind), example(kind, name(kind, "replace")).put("title", "Changed"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getString("message")).isEqualTo("Updated successfully");
        assertThat(get(kind, name(kind, "replace")).jsonPath().getString(kind.singular() + ".title")).isEqualTo("Changed");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void list_holds_every_document_sorted_by_name(Kind kind) {
        for (String suffix : List.of("list-b", "list-c", "list-a")) {
            create(kind, name(kind, suffix));
        }
        Response list = server().api().get(path(kind));
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        Jsons.parse(list.asString()).get(kind.plural()).forEach(item -> names.add(item.get("name").asText()));
        assertThat(names).contains(name(kind, "list-a"), name(kind, "list-b"), name(kind, "list-c")).isSorted();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void update_by_name_with_post_put_or_patch_changes_the_document(Kind kind) {
        String name = name(kind, "update");
        create(kind, name);
        for (String method : List.of("POST", "PUT", "PATCH")) {
            ObjectNode changed = method.equals("PATCH") ? Jsons.object().put("title", "Via PATCH")
                    : example(kind, name).put("title", "Via " + method);
            Response updated = write(kind, method, path(kind, name), changed);
            assertThat(updated.statusCode()).as(method + " " + updated.asString()).isEqualTo(200);
            assertThat(updated.jsonPath().getString("message")).isEqualTo("Updated successfully");
            assertThat(updated.jsonPath().getString(kind.singular() + ".title")).isEqualTo("Via " + method);
            assertThat(get(kind, name).jsonPath().getString(kind.singular() + ".title")).isEqualTo("Via " + method);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void update_by_name_may_leave_the_name_out_of_the_body(Kind kind) {
        String name = name(kind, "noname");
        create(kind, name);
        ObjectNode changed = example(kind, name);
        changed.remove("name");
        Response updated = write(kind, "POST", path(kind, name), changed);
        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
        assertThat(updated.jsonPath().getString(kind.singular() + ".name")).isEqualTo(name);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void put_of_an_absent_document_creates_it_with_a_201(Kind kind) {
        String name = name(kind, "put-made");
        ObjectNode document = example(kind, name);
        document.remove("name");
        Response created = write(kind, "PUT", path(kind, name), document);
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getString("message")).isEqualTo("Created successfully");
        assertThat(created.jsonPath().getString(kind.singular() + ".name")).isEqualTo(name);
        Response read = get(kind, name);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(read.asString()).get(kind.singular()))
                .isEqualTo(Jsons.parse(created.asString()).get(kind.singular()));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void update_of_an_absent_document_is_404_and_creates_nothing(Kind kind) {
        String name = name(kind, "absent");
        for (String method : List.of("POST", "PATCH")) {
            Response updated = write(kind, method, path(kind, name), example(kind, name));
            assertThat(updated.statusCode()).as(method).isEqualTo(404);
            assertThat(Jsons.errorWithoutRequestId(updated)).isEqualTo("{\"error\":\"Not found.\"}");
        }
        assertThat(get(kind, name).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void delete_removes_the_document_and_a_second_delete_is_404(Kind kind) {
        String name = name(kind, "delete");
        create(kind, name);
        Response deleted = server().api().delete(path(kind, name));
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(deleted.asString()))
                .isEqualTo(Jsons.parse("{\"status\":\"ok\",\"message\":\"Deleted successfully\"}"));
        assertThat(get(kind, name).statusCode()).isEqualTo(404);
        Response again = server().api().delete(path(kind, name));
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.jsonPath().getString("error")).isEqualTo("Not found.");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void get_of_an_absent_document_is_404_not_found(Kind kind) {
        for (String url : List.of(path(kind, "never-there"), path(kind, "never-there") + "/used-by",
                path(kind, "never-there") + "/history")) {
            Response read = server().api().get(url);
            assertThat(read.statusCode()).as(url).isEqualTo(404);
            assertThat(Jsons.parse(read.asString()).get("error").asText()).as(url).isNotBlank();
        }
        assertThat(Jsons.errorWithoutRequestId(get(kind, "never-there"))).isEqualTo("{\"error\":\"Not found.\"}");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void a_name_in_the_body_that_differs_from_the_url_is_refused(Kind kind) {
        String name = name(kind, "mismatch");
        create(kind, name);
        Response response = write(kind, "POST", path(kind, name), example(kind, name(kind, "other")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("error")).contains("differs from the name in the URL");
        assertThat(get(kind, name(kind, "other")).statusCode()).isEqualTo(404);
        assertThat(server().api().get(path(kind, name) + "/history").jsonPath().getInt("total")).isEqualTo(1);
    }
}
