package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ETags and If-Match / If-None-Match, JSON merge patch, and dry runs. */
class ConditionalWritesTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Examples.createReferencedDocuments(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response put(String name, String title, String ifMatch) {
        var request = server.api().body("{\"dashboard\":{\"name\":\"" + name + "\",\"title\":\"" + title + "\"}}");
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.put("/api/v1/dashboards/" + name);
    }

    @Test
    void a_stale_if_match_is_refused_with_412_and_the_current_document() {
        server.create("dashboards", "dashboard", "{\"name\":\"etag\",\"title\":\"one\"}");
        Response read = server.api().get("/api/v1/dashboards/etag");
        String etag = read.header("ETag");
        assertThat(etag).isEqualTo("\"1\"");
        Response first = put("etag", "two", etag);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"2\"");
        Response stale = put("etag", "lost", etag);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.jsonPath().getString("dashboard.title")).isEqualTo("two");
        assertThat(stale.jsonPath().getString("error")).contains("changed since it was read");
        assertThat(server.api().header("If-Match", etag).delete("/api/v1/dashboards/etag").statusCode()).isEqualTo(412);
        assertThat(server.api().get("/api/v1/dashboards/etag").jsonPath().getString("dashboard.title")).isEqualTo("two");
        assertThat(server.api().header("If-Match", "\"2\"").delete("/api/v1/dashboards/etag").statusCode()).isEqualTo(200);
        assertThat(put("never", "x", "*").statusCode()).as("RFC 9110: If-Match on a missing document").isEqualTo(412);
        assertThat(put("never", "x", "W/\"1\"").statusCode()).as("a weak tag is malformed here").isEqualTo(400);
    }

    @Test
    void if_match_star_applies_only_if_the_document_exists() {
        server.create("dashboards", "dashboard", "{\"name\":\"starred\",\"title\":\"one\"}");
        assertThat(put("starred", "two", "*").statusCode()).isEqualTo(200);
        assertThat(server.api().header("If-Match", "*").body("{\"dashboard\":{\"title\":\"three\"}}")
                .patch("/api/v1/dashboards/starred").statusCode()).isEqualTo(200);
        assertThat(server.api().header("If-Match", "*").body("{\"dashboard\":{\"title\":\"four\"}}")
                .post("/api/v1/dashboards/starred").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/dashboards/starred").jsonPath().getString("dashboard.title")).isEqualTo("four");
        assertThat(server.api().header("If-Match", "*").delete("/api/v1/dashboards/starred").statusCode()).isEqualTo(200);

        Response absent = put("starred", "back", "*");
        assertThat(absent.statusCode()).isEqualTo(412);
        assertThat(server.api().header("If-Match", "*").delete("/api/v1/dashboards/starred").statusCode()).isIn(404, 412);
        assertThat(server.api().get("/api/v1/dashboards/starred").statusCode()).isEqualTo(404);
    }

    @Test
    void if_none_match_star_makes_a_post_create_only() {
        String body = "{\"dashboard\":{\"name\":\"only-once\",\"title\":\"first\"}}";
        assertThat(server.api().header("If-None-Match", "*").body(body).post("/api/v1/dashboards").statusCode()).isEqualTo(200);
        Response again = server.api().header("If-None-Match", "*").body(body.replace("first", "second")).post("/api/v1/dashboards");
        assertThat(again.statusCode()).isEqualTo(412);
        assertThat(again.jsonPath().getString("dashboard.title")).isEqualTo("first");
        assertThat(server.api().header("If-None-Match", "\"3\"").body(body).post("/api/v1/dashboards").statusCode()).isEqualTo(400);
    }

    @Test
    void a_merge_patch_changes_only_what_it_names_and_is_validated() {
        server.create("connections", "connection", "{\"name\":\"patched\",\"type\":\"druid\",\"queryHosts\":[\"h\"],"
                + "\"version\":\"30\",\"decoratorOptions\":{\"a\":1,\"b\":2},\"passphrase\":\"P\"}");
        Response patched = server.api().header("Content-Type", "application/merge-patch+json")
                // decoratorOptions shape what is sent with the secrets, so the passphrase must come again
                .body("{\"connection\":{\"title\":\"Patched\",\"version\":null,\"decoratorOptions\":{\"b\":null,\"c\":3},"
                        + "\"passphrase\":\"P\"}}")
                .patch("/api/v1/connections/patched");
        assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);
        assertThat(patched.jsonPath().getString("message")).isEqualTo("Updated successfully");
        var connection = Jsons.parse(patched.asString()).get("connection");
        assertThat(connection.get("title").asText()).isEqualTo("Patched");
        assertThat(connection.has("version")).isFalse();
        assertThat(connection.get("decoratorOptions").toString()).isEqualTo("{\"a\":1,\"c\":3}");
        assertThat(connection.get("passphrase").asText()).isEqualTo("********");
        assertThat(connection.get("queryHosts").toString()).isEqualTo("[\"h\"]");

        Response invalid = server.api().body("{\"connection\":{\"protocol\":\"smoke-signals\"}}").patch("/api/v1/connections/patched");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.jsonPath().getString("details[0].path")).isEqualTo("connection.protocol");
        Response cleared = server.api().body("{\"connection\":{\"passphrase\":null}}").patch("/api/v1/connections/patched");
        assertThat(Jsons.parse(cleared.asString()).get("connection").has("passphrase")).isFalse();
        assertThat(server.api().body("{\"connection\":{\"title\":\"x\"}}").patch("/api/v1/connections/absent").statusCode())
                .isEqualTo(404);
        assertThat(server.api().header("If-Match", "\"1\"").body("{\"connection\":{\"title\":\"x\"}}")
                .patch("/api/v1/connections/patched").statusCode()).isEqualTo(412);
    }

    @Test
    void a_dry_run_answers_as_the_write_would_and_stores_nothing() {
        Response created = server.api().body("{\"dataCube\":{\"name\":\"dry\",\"connectionName\":\"druid-main\",\"source\":\"t\","
                + "\"dimensions\":[{\"name\":\"page\"}]}}").post("/api/v1/data-cubes?dryRun=true");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.jsonPath().getString("message")).isEqualTo("Created successfully");
        assertThat(created.jsonPath().getString("dataCube.dimensions[0].title")).isEqualTo("Page");
        assertThat(server.api().get("/api/v1/data-cubes/dry").statusCode()).isEqualTo(404);
        assertThat(server.api().get("/api/v1/connections/druid-main/used-by").jsonPath().getList("usedBy.name"))
                .doesNotContain("dry");

        Response dangling = server.api().body("{\"dataCube\":{\"name\":\"dry\",\"connectionName\":\"nowhere\",\"source\":\"t\"}}")
                .post("/api/v1/data-cubes?dryRun=true");
        assertThat(dangling.statusCode()).isEqualTo(400);
        assertThat(server.api().delete("/api/v1/connections/druid-main?dryRun=true").statusCode()).isEqualTo(409);
        server.create("roles", "role", "{\"name\":\"dry-role\"}");
        assertThat(server.api().delete("/api/v1/roles/dry-role?dryRun=true").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/roles/dry-role").statusCode()).isEqualTo(200);
        assertThat(server.api().body("{\"role\":{\"name\":\"dry-role\"}}").post("/api/v1/roles?dryRun=maybe").statusCode())
                .isEqualTo(400);
        assertThat(server.api().body("{\"role\":{\"name\":\"dry-role\",\"title\":\"T\"}}").put("/api/v1/roles/dry-role?dryRun=true")
                .statusCode()).isEqualTo(200);
        // no side effects: neither the history nor the audit log (whose entry is part of a change's transaction) has them
        assertThat(server.api().get("/api/v1/roles/dry-role/history").jsonPath().getInt("total")).isEqualTo(1);
        assertThat(server.api().get("/api/v1/audit?resource=roles&name=dry-role").jsonPath().getList("audit.method"))
                .containsExactly("POST");
        assertThat(server.api().get("/api/v1/audit?resource=data-cubes&name=dry").jsonPath().getList("audit")).isEmpty();
    }
}
