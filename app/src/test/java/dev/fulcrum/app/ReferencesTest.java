package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No dangling links: a write may only name what exists, and what is named cannot be deleted. */
class ReferencesTest {

    /**
     * References beyond the examples' (each of which {@code ConformanceTest$References} checks): the nested
     * shape of a data cube, and a reference after others in a list, whose path must name the right index.
     */
    static Stream<Arguments> danglingReferences() {
        return Stream.of(
                Arguments.of("data-cubes", "dataCube", "{\"name\":\"c\",\"source\":{\"value\":\"t\",\"connectionName\":\"nowhere\"}}",
                        "dataCube.source.connectionName", "connections 'nowhere'"),
                Arguments.of("dashboards", "dashboard", "{\"name\":\"d\",\"pages\":[{\"tiles\":[{},{\"facetEssence\":{\"dataCube\":\"no-cube\"}}]}]}",
                        "dashboard.pages[0].tiles[1].facetEssence.dataCube", "data-cubes 'no-cube'"),
                Arguments.of("users", "user", "{\"name\":\"u\",\"roles\":[\"viewers\",\"no-role\"]}", "user.roles[1]", "roles 'no-role'"));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("danglingReferences")
    void a_reference_to_an_absent_document_is_a_400_naming_it(String resource, String wrapper, String document,
                                                             String path, String target) {
        try (TestServer server = TestServer.start()) {
            Examples.createReferencedDocuments(server);
            Response response = server.api().body("{\"" + wrapper + "\":" + document + "}").post("/api/v1/" + resource);
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
            assertThat(response.jsonPath().getString("details[0].path")).isEqualTo(path);
            assertThat(response.jsonPath().getString("details[0].message")).contains(target, "does not exist");
        }
    }

    @Test
    void used_by_lists_dependents_and_delete_of_a_referenced_document_is_refused() {
        try (TestServer server = TestServer.start()) {
            Examples.createReferencedDocuments(server);
            server.create("alerts", "alert", "{\"name\":\"spike\",\"dataCube\":\"wiki_edits\"}");
            server.create("dashboards", "dashboard",
                    "{\"name\":\"board\",\"pages\":[{\"tiles\":[{\"facetEssence\":{\"dataCube\":\"wiki_edits\"}}]}]}");

            Response usedBy = server.api().get("/api/v1/data-cubes/wiki_edits/used-by");
            assertThat(usedBy.statusCode()).isEqualTo(200);
            assertThat(Jsons.parse(usedBy.asString())).isEqualTo(Jsons.parse("{\"usedBy\":["
                    + "{\"resource\":\"alerts\",\"name\":\"spike\"},{\"resource\":\"dashboards\",\"name\":\"board\"}]}"));
            assertThat(server.api().get("/api/v1/connections/druid-main/used-by").jsonPath().getList("usedBy.name"))
                    .containsExactly("wiki_edits");
            assertThat(server.api().get("/api/v1/data-cubes/nothing/used-by").statusCode()).isEqualTo(404);

            Response refused = server.api().delete("/api/v1/data-cubes/wiki_edits");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.jsonPath().getString("error")).contains("alerts 'spike'", "dashboards 'board'");
            assertThat(refused.jsonPath().getList("usedBy.resource")).containsExactly("alerts", "dashboards");
            assertThat(server.api().get("/api/v1/data-cubes/wiki_edits").statusCode()).isEqualTo(200);

            // changing the dashboard to no longer show the cube releases it; deleting the alert too
            server.create("dashboards", "dashboard", "{\"name\":\"board\",\"pages\":[]}");
            assertThat(server.api().delete("/api/v1/alerts/spike").statusCode()).isEqualTo(200);
            assertThat(server.api().get("/api/v1/data-cubes/wiki_edits/used-by").jsonPath().getList("usedBy")).isEmpty();
            assertThat(server.api().delete("/api/v1/data-cubes/wiki_edits").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_user_with_a_user_auth_cannot_be_deleted_until_the_auth_is() {
        try (TestServer server = TestServer.start()) {
            Examples.createReferencedDocuments(server);
            Examples.create(server, dev.fulcrum.model.Kinds.USER_AUTHS, "ada@example.com");
            assertThat(server.api().delete("/api/v1/users/ada@example.com").statusCode()).isEqualTo(409);
            assertThat(server.api().delete("/api/v1/roles/viewers").statusCode()).isEqualTo(409);
            assertThat(server.api().delete("/api/v1/user-auths/ada@example.com").statusCode()).isEqualTo(200);
            assertThat(server.api().delete("/api/v1/users/ada@example.com").statusCode()).isEqualTo(200);
            assertThat(server.api().delete("/api/v1/roles/viewers").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void racing_deletes_and_writes_never_leave_a_dangling_reference() throws Exception {
        try (TestServer server = TestServer.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            int deletesWon = 0;
            for (int round = 0; round < 10; round++) {
                String connection = "race-" + round;
                server.create("connections", "connection", "{\"name\":\"" + connection + "\",\"type\":\"druid\",\"queryHosts\":[\"h\"]}");
                List<Callable<Integer>> cubes = new ArrayList<>();
                // in even rounds the writes start a few milliseconds after the delete, so that it wins some rounds
                // (writers of a document take fair turns, and a cube write locks its connection: without a head
                // start the delete can lose all ten)
                long headStart = round % 2 == 0 ? 3 : 0;
                for (int i = 0; i < 12; i++) {
                    String cube = "{\"dataCube\":{\"name\":\"cube-" + round + "-" + i + "\",\"connectionName\":\"" + connection
                            + "\",\"source\":\"t\"}}";
                    long delay = headStart * (1 + i % 4);
                    cubes.add(() -> {
                        Thread.sleep(delay);
                        return server.api().body(cube).post("/api/v1/data-cubes").statusCode();
                    });
                }
                // the delete starts with the writes in odd rounds, and first in even ones, so that it wins in some
                List<Callable<Integer>> work = new ArrayList<>(cubes);
                work.add(round % 2 == 0 ? 0 : 4, () -> server.api().delete("/api/v1/connections/" + connection).statusCode());
                List<Integer> statuses = new ArrayList<>();
                for (var result : pool.invokeAll(work)) {
                    statuses.add(result.get());
                }
                // a cube write either succeeded or named a connection that was gone (400), a delete either
                // succeeded or was refused because cubes named the connection (409)
                int deleteStatus = statuses.remove(round % 2 == 0 ? 0 : 4);
                assertThat(statuses).as("cube writes").isSubsetOf(200, 400);
                assertThat(deleteStatus).as("the delete").isIn(200, 409);
                boolean connectionExists = server.api().get("/api/v1/connections/" + connection).statusCode() == 200;
                assertThat(connectionExists).isEqualTo(deleteStatus == 409);
                List<String> stored = server.api().get("/api/v1/data-cubes?connectionName=" + connection)
                        .jsonPath().getList("dataCubes.name");
                assertThat(stored).as("cubes stored").hasSize((int) statuses.stream().filter(status -> status == 200).count());
                if (!connectionExists) {
                    deletesWon++;
                    assertThat(stored).as("cubes of a deleted connection").isEmpty();
                }
            }
            pool.shutdown();
            assertThat(deletesWon).as("rounds the delete won").isPositive();
        }
    }
}
