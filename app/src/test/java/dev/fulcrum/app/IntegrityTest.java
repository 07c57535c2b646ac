package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A 200 means stored: concurrent writers of one document all land, history and documents never diverge, and no
 * document is ever left refusing writes (issue 11). {@code bench/storm.sh} runs the same checks for longer.
 */
class IntegrityTest {
    private static final int RACE_RUNS = Integer.getInteger("fulcrum.test.raceRuns", 4);
    private static final Duration STORM = Duration.ofMillis(Long.getLong("fulcrum.test.stormMillis", 4_000));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void a_hundred_simultaneous_patches_without_preconditions_all_land_every_time() {
        try (TestServer server = TestServer.start()) {
            for (int run = 0; run < RACE_RUNS; run++) {
                String name = "r" + run;
                server.create("dashboards", "dashboard", "{\"name\":\"" + name + "\",\"title\":\"race\"}");
                List<CompletableFuture<HttpResponse<String>>> patches = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    HttpRequest patch = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                    + "/api/v1/dashboards/" + name))
                            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"dashboard\":{\"p" + i + "\":" + i + "}}"))
                            .header("x-imply-api-token", server.token).build();
                    patches.add(HTTP.sendAsync(patch, HttpResponse.BodyHandlers.ofString()));
                }
                Set<String> etags = new HashSet<>();
                for (CompletableFuture<HttpResponse<String>> patch : patches) {
                    HttpResponse<String> response = patch.join();
                    assertThat(response.statusCode()).as("run %d: %s", run, response.body()).isEqualTo(200);
                    etags.add(response.headers().firstValue("ETag").orElseThrow());
                }
                assertThat(etags).as("run %d: every patch its own version", run).hasSize(100);
                var current = server.api().get("/api/v1/dashboards/" + name);
                assertThat(current.header("ETag")).as("run %d", run).isEqualTo("\"101\"");
                JsonNode document = Jsons.parse(current.asString()).get("dashboard");
                for (int i = 0; i < 100; i++) {
                    assertThat(document.has("p" + i)).as("run %d: p%d", run, i).isTrue();
                }
                Map<Long, JsonNode> history = ConsistencyStorm.history(server.port(), server.token, name);
                assertThat(history.keySet()).as("run %d", run).hasSize(101);
                assertThat(history.get(101L).get("dashboard")).isEqualTo(document);
            }
        }
    }

    @Test
    void a_storm_of_random_writes_loses_nothing_and_leaves_history_and_documents_agreeing() throws Exception {
        try (TestServer server = TestServer.start()) {
            ConsistencyStorm storm = new ConsistencyStorm("s", 4);
            storm.prepare(server.port(), server.token);
            storm.run(server.port(), server.token, 24, STORM);
            assertThat(storm.unanswered).isEmpty();
            storm.check(server.port(), server.token);
            server.restart();
            storm.check(server.port(), server.token);
        }
    }

    /** As a Fulcrum before issue 11 could leave it: an acknowledged version in the history that the row lost. */
    private static void loseTheRowOf(TestServer server, String name, long version, String change, String title) {
        org.jdbi.v3.core.Jdbi.create(server.dataSource()).useHandle(handle -> {
            handle.createUpdate("INSERT INTO document_history (resource, name, version, change_type, body, secrets,"
                            + " actor_token, actor_user, changed_at) VALUES ('dashboards', ?, ?, ?, ?, NULL, 'old', NULL,"
                            + " CURRENT_TIMESTAMP)")
                    .bind(0, name).bind(1, version).bind(2, change)
                    .bind(3, "{\"name\":\"" + name + "\",\"title\":\"" + title + "\"}").execute();
            handle.execute("DELETE FROM fulcrum_meta WHERE meta_name = 'history-checked'");
        });
    }

    @Test
    void a_document_whose_history_ran_ahead_of_its_row_is_repaired_at_start_and_health_says_so() {
        try (TestServer server = TestServer.start()) {
            server.create("dashboards", "dashboard", "{\"name\":\"behind\",\"title\":\"v1\"}");
            server.create("dashboards", "dashboard", "{\"name\":\"behind\",\"title\":\"v2\"}");
            server.create("dashboards", "dashboard", "{\"name\":\"undeleted\",\"title\":\"v1\"}");
            loseTheRowOf(server, "behind", 3, "update", "acknowledged");
            loseTheRowOf(server, "undeleted", 2, "delete", "v1");
            server.restart();

            var behind = server.api().get("/api/v1/dashboards/behind");
            assertThat(behind.jsonPath().getString("dashboard.title")).isEqualTo("acknowledged");
            assertThat(behind.header("ETag")).as("the acknowledged version itself").isEqualTo("\"3\"");
            assertThat(server.api().get("/api/v1/dashboards/undeleted").statusCode()).isEqualTo(404);
            var health = server.anonymous().get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.jsonPath().getList("repairedAtStart", String.class)).hasSize(2)
                    .anySatisfy(line -> assertThat(line).contains("dashboards 'behind'", "at version 2",
                            "version 3 (update)", "restored as version 3"))
                    .anySatisfy(line -> assertThat(line).contains("dashboards 'undeleted'", "deleted as recorded"));
            assertThat(server.api().body("{\"dashboard\":{\"p\":1}}").patch("/api/v1/dashboards/behind").header("ETag"))
                    .isEqualTo("\"4\"");

            server.restart(); // checked once: the next start finds nothing to say
            assertThat(server.anonymous().get("/health").asString()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    /**
     * A row put back under a newer history (as H2 can do when it rolls back a transaction that waited for the row's
     * lock) is restored from the history by the next write before it builds on it: a PATCH keeps the acknowledged
     * version's fields, and a recorded delete stays a delete.
     */
    @Test
    void a_document_behind_its_history_still_takes_every_kind_of_write_before_any_repair() {
        try (TestServer server = TestServer.start()) {
            server.create("dashboards", "dashboard", "{\"name\":\"w\",\"title\":\"v1\"}");
            loseTheRowOf(server, "w", 2, "update", "lost");
            var patched = server.api().body("{\"dashboard\":{\"p\":1}}").patch("/api/v1/dashboards/w");
            assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);
            assertThat(patched.header("ETag")).isEqualTo("\"3\"");
            assertThat(patched.jsonPath().getString("dashboard.title")).as("the acknowledged version 2 is the base")
                    .isEqualTo("lost");
            assertThat(server.api().get("/api/v1/dashboards/w").jsonPath().getInt("dashboard.p")).isEqualTo(1);
            assertThat(server.api().body("{\"dashboard\":{\"title\":\"v4\"}}").put("/api/v1/dashboards/w").header("ETag"))
                    .isEqualTo("\"4\"");
            assertThat(server.api().delete("/api/v1/dashboards/w").statusCode()).isEqualTo(200);
            assertThat(ConsistencyStorm.history(server.port(), server.token, "w").keySet()).containsExactlyInAnyOrder(1L, 2L,
                    3L, 4L, 5L);

            server.create("dashboards", "dashboard", "{\"name\":\"d\",\"title\":\"v1\"}");
            loseTheRowOf(server, "d", 2, "delete", "v1");
            assertThat(server.api().body("{\"dashboard\":{\"p\":1}}").patch("/api/v1/dashboards/d").statusCode())
                    .as("deleted as recorded").isEqualTo(404);
            assertThat(server.api().get("/api/v1/dashboards/d").statusCode()).isEqualTo(404);
            var recreated = server.api().body("{\"dashboard\":{\"name\":\"d\",\"title\":\"again\"}}")
                    .put("/api/v1/dashboards/d");
            assertThat(recreated.statusCode()).as(recreated.asString()).isEqualTo(201);
            assertThat(recreated.header("ETag")).isEqualTo("\"3\"");
        }
    }

    @Test
    void a_patch_with_if_match_on_an_absent_document_is_a_412_and_without_it_a_404() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.api().header("If-Match", "*").body("{\"dashboard\":{\"p\":1}}")
                    .patch("/api/v1/dashboards/absent").statusCode()).isEqualTo(412);
            assertThat(server.api().header("If-Match", "\"3\"").body("{\"dashboard\":{\"p\":1}}")
                    .patch("/api/v1/dashboards/absent").statusCode()).isEqualTo(412);
            assertThat(server.api().body("{\"dashboard\":{\"p\":1}}").patch("/api/v1/dashboards/absent").statusCode())
                    .isEqualTo(404);
        }
    }
}
