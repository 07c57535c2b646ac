package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What parsing a body may build is bounded by its JSON tokens, not only by its bytes: a few megabytes of tiny values
 * ({@code [0,0,...]}) made a tree that filled the 192 MB heap (an OutOfMemoryError, an empty 500). A body of more
 * than 300,000 tokens, an import of more than 600,000, is a 413 that says so, and nothing is stored; what all requests
 * hold at once is bounded too, and given back when each ends.
 */
class JsonTokenLimitsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** {@code count} zeros in an array: count + 2 tokens, 2 bytes each. */
    private static String zeros(int count) {
        return "[" + "0,".repeat(count - 1) + "0]";
    }

    private static String dashboard(String name, String blob) {
        return "{\"dashboard\":{\"name\":\"" + name + "\",\"title\":\"t\",\"blob\":" + blob + "}}";
    }

    @Test
    void a_body_of_three_and_a_half_megabytes_of_zeros_is_a_413_that_says_why_and_nothing_is_stored() {
        Response response = server.api().body(dashboard("zeros", zeros(1_800_000))).put("/api/v1/dashboards/zeros");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(413);
        assertThat(Jsons.parse(response.asString()).path("error").asText()).contains("more than 300000 JSON values");
        assertThat(server.api().get("/api/v1/dashboards/zeros").statusCode()).isEqualTo(404);
    }

    @Test
    void empty_objects_count_too() {
        String blob = "[" + "{},".repeat(200_000) + "{}]";
        Response response = server.api().body(dashboard("objects", blob)).post("/api/v1/dashboards");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(413);
        assertThat(server.api().get("/api/v1/dashboards/objects").statusCode()).isEqualTo(404);
    }

    @Test
    void a_document_just_under_the_bound_and_one_of_big_strings_are_stored_as_before() {
        assertThat(server.api().body(dashboard("many", zeros(299_000))).post("/api/v1/dashboards").statusCode())
                .isEqualTo(200);
        assertThat(server.api().get("/api/v1/dashboards/many").jsonPath().getList("dashboard.blob")).hasSize(299_000);
        String text = "\"" + "x".repeat(4_000_000) + "\"";
        assertThat(server.api().body(dashboard("long", text)).post("/api/v1/dashboards").statusCode()).isEqualTo(200);
    }

    @Test
    void an_import_has_a_larger_bound_of_its_own() {
        String fits = "{\"fulcrumBundle\":1,\"resources\":{\"dashboards\":[{\"name\":\"imported\",\"blob\":"
                + zeros(500_000) + "}]}}";
        Response imported = server.api().body(fits).post("/api/v1/import");
        assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/dashboards/imported").statusCode()).isEqualTo(200);

        String tooMany = "{\"fulcrumBundle\":1,\"resources\":{\"dashboards\":[{\"name\":\"refused\",\"blob\":"
                + zeros(600_000) + "}]}}";
        Response refused = server.api().body(tooMany).post("/api/v1/import");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(413);
        assertThat(Jsons.parse(refused.asString()).path("error").asText())
                .contains("more than 600000 JSON values").contains("import the bundle in parts");
        assertThat(server.api().get("/api/v1/dashboards/refused").statusCode()).isEqualTo(404);
    }

    @Test
    void what_a_request_took_of_the_shared_budget_is_given_back_whatever_its_answer() {
        // three bodies of 299,000 tokens (~45 MB each by the budget's count) need more than its 64 MB: had the first
        // two kept theirs (a refused write, a stored one), the third would wait and be a 503
        String invalid = "{\"dashboard\":{\"name\":\"bad name!\",\"blob\":" + zeros(298_990) + "}}";
        Response refused = server.api().body(invalid).post("/api/v1/dashboards");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        for (int i = 0; i < 2; i++) {
            Response stored = server.api().body(dashboard("budget", zeros(298_990))).put("/api/v1/dashboards/budget");
            assertThat(stored.statusCode()).as(stored.asString()).isIn(200, 201);
        }
    }
}
