package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An answer that lists documents is bounded: an unpaged list or an export holding more than 12 MiB of documents is a
 * 400 that says how to ask for less (40 documents of 3.9 MB made both an OutOfMemoryError and an empty 500 for
 * everyone). Pages, exports of other resources, and the answer once it fits again work as before.
 */
class LargeAnswersTest {
    private static final int SIZE = 3_000_000;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (int i = 0; i < 5; i++) { // 15 MB of dashboards
            String body = "{\"dashboard\":{\"name\":\"big" + i + "\",\"title\":\"" + "x".repeat(SIZE) + "\"}}";
            assertThat(server.api().body(body).put("/api/v1/dashboards/big" + i).statusCode()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_page_of_history_over_the_bound_says_how_to_ask_for_less() {
        // a review's 18 concurrent history pages of ~3 MB were an OutOfMemoryError and an empty 500
        for (int v = 0; v < 5; v++) { // five versions of 3 MB: 15 MB in one default page
            String body = "{\"dashboard\":{\"name\":\"versions\",\"title\":\"" + (char) ('a' + v) + "x".repeat(SIZE) + "\"}}";
            assertThat(server.api().body(body).put("/api/v1/dashboards/versions").statusCode()).isIn(200, 201);
        }
        Response all = server.api().get("/api/v1/dashboards/versions/history");
        assertThat(all.statusCode()).as(all.asString()).isEqualTo(400);
        assertThat(error(all)).contains("ask for smaller pages of the history");

        Response page = server.api().get("/api/v1/dashboards/versions/history?per_page=2&page=1");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.jsonPath().getList("history.version", Integer.class)).containsExactly(5, 4);
        assertThat(page.jsonPath().getString("history[0].dashboard.title")).startsWith("ex").hasSize(SIZE + 1);
    }

    private static String error(Response response) {
        return Jsons.parse(response.asString()).path("error").asText();
    }

    @Test
    void lists_and_exports_over_the_bound_say_how_to_ask_for_less_and_work_again_once_under_it() {
        Response list = server.api().get("/api/v1/dashboards");
        assertThat(list.statusCode()).as(list.asString()).isEqualTo(400);
        assertThat(error(list)).contains("more than the 12582912 one answer may").contains("?per_page=").contains("?after=");
        assertThat(list.asString().length()).isLessThan(1000);

        Response page = server.api().get("/api/v1/dashboards?per_page=2&page=3");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.jsonPath().getList("dashboards.name")).containsExactly("big4");
        Response keyset = server.api().get("/api/v1/dashboards?per_page=2&after=big1");
        assertThat(keyset.jsonPath().getList("dashboards.name")).containsExactly("big2", "big3");
        Response pretty = server.api().get("/api/v1/dashboards?per_page=2&pretty");
        assertThat(pretty.statusCode()).isEqualTo(400);
        assertThat(error(pretty)).contains("ask without ?pretty");

        Response export = server.api().get("/api/v1/export?resources=dashboards");
        assertThat(export.statusCode()).as(export.asString()).isEqualTo(400);
        assertThat(error(export)).contains("export fewer resources").contains("?resources=");
        assertThat(server.api().get("/api/v1/export").statusCode()).isEqualTo(400);
        assertThat(server.api().get("/api/v1/export?resources=roles").statusCode()).isEqualTo(200);

        assertThat(server.api().delete("/api/v1/dashboards/big4").statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) { // 12 MB each: had the first kept its share of the heap budget, the second waits
            Response all = server.api().get("/api/v1/dashboards");
            assertThat(all.statusCode()).as(all.asString().substring(0, 200)).isEqualTo(200);
            assertThat(all.jsonPath().getList("dashboards.name")).containsExactly("big0", "big1", "big2", "big3");
        }
        Response exported = server.api().get("/api/v1/export?resources=dashboards");
        assertThat(exported.statusCode()).isEqualTo(200);
        JsonNode bundle = Jsons.parse(exported.asString());
        assertThat(bundle.path("resources").path("dashboards")).hasSize(4);
        assertThat(bundle.path("resources").path("dashboards").get(3).path("title").asText()).hasSize(SIZE);
    }
}
