package dev.fulcrum.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A kind that only the tests have ({@link FolderStrategy}: one strategy file, one registry line) is served like
 * every other: routes, access rule, validation, references, secrets, filters, history, audit, the API description,
 * export and import, and its after-commit hook on every path a write can take.
 */
@Isolated // reads the hook's JVM-wide record
class TenthKindTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.serving(FolderStrategy.REGISTRY);
        server.create("connections", "connection", "{\"name\":\"lake\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}");
        server.create("roles", "role", "{\"name\":\"changers\",\"title\":\"c\",\"permissions\":[{\"name\":\"ChangeDashboards\"}]}");
        server.create("roles", "role", "{\"name\":\"nobodies\",\"title\":\"n\",\"permissions\":[]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response post(RequestSpecification as, String body) {
        return as.body(body).post("/api/v1/folders");
    }

    private static RequestSpecification as(String role) {
        String token = server.tokenService().create(new TokenRequest(role + "-" + System.nanoTime(), role, null, "test", null));
        return given().port(server.port()).header("x-imply-api-token", token).contentType("application/json");
    }

    @Test
    void a_folder_is_created_read_listed_filtered_patched_and_deleted_with_its_secret_never_shown() {
        Response created = post(server.api(), "{\"folder\":{\"name\":\"f1\",\"title\":\"One\",\"connectionName\":\"lake\",\"apiKey\":\"k-123\"}}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        assertThat(created.asString()).contains("\"message\":\"Created successfully\"").doesNotContain("k-123");
        JsonNode read = Jsons.parse(server.api().get("/api/v1/folders/f1").asString());
        assertThat(read.at("/folder/apiKey").asText()).isEqualTo("********");
        assertThat(read.at("/folder/title").asText()).isEqualTo("One");
        assertThat(server.api().get("/api/v1/folders?title=One").asString()).contains("\"name\":\"f1\"").doesNotContain("k-123");
        assertThat(server.api().get("/api/v1/folders?title=Other").asString()).isEqualTo("{\"folders\":[]}");
        Response patched = server.api().body("{\"folder\":{\"title\":\"Uno\"}}").patch("/api/v1/folders/f1");
        assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);
        assertThat(Jsons.parse(server.api().get("/api/v1/folders/f1/history").asString()).at("/total").asInt()).isEqualTo(2);
        assertThat(server.api().delete("/api/v1/folders/f1").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/folders/f1").statusCode()).isEqualTo(404);
    }

    @Test
    void a_bad_folder_is_refused_and_nothing_is_stored() {
        Response untitled = post(server.api(), "{\"folder\":{\"name\":\"bad\",\"title\":7}}");
        assertThat(untitled.statusCode()).isEqualTo(400);
        assertThat(untitled.asString()).contains("folder.title");
        Response dangling = post(server.api(), "{\"folder\":{\"name\":\"bad\",\"title\":\"B\",\"connectionName\":\"absent\"}}");
        assertThat(dangling.statusCode()).as(dangling.asString()).isBetween(400, 409);
        assertThat(dangling.asString()).contains("absent");
        assertThat(server.api().get("/api/v1/folders/bad").statusCode()).isEqualTo(404);
    }

    @Test
    void a_referenced_connection_cannot_be_deleted_while_a_folder_names_it() {
        server.create("connections", "connection", "{\"name\":\"kept\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}");
        post(server.api(), "{\"folder\":{\"name\":\"user-of-kept\",\"title\":\"U\",\"connectionName\":\"kept\"}}");
        Response refused = server.api().delete("/api/v1/connections/kept");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.asString()).contains("folders 'user-of-kept'");
        assertThat(server.api().get("/api/v1/connections/kept/used-by").asString()).contains("\"resource\":\"folders\"");
    }

    @Test
    void the_kinds_access_rule_applies_without_any_other_file_naming_it() {
        post(server.api(), "{\"folder\":{\"name\":\"shared\",\"title\":\"S\"}}");
        RequestSpecification changer = as("changers");
        assertThat(changer.get("/api/v1/folders/shared").statusCode()).isEqualTo(200);
        Response create = post(as("changers"), "{\"folder\":{\"name\":\"mine\",\"title\":\"M\"}}");
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.asString()).contains("creating folders needs AdministerDashboards");
        assertThat(as("changers").body("{\"folder\":{\"title\":\"S2\"}}").patch("/api/v1/folders/shared").statusCode()).isEqualTo(200);
        assertThat(as("changers").delete("/api/v1/folders/shared").statusCode()).isEqualTo(403);
        Response read = as("nobodies").get("/api/v1/folders");
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.asString()).contains("reading folders needs AdministerDashboards or ChangeDashboards");
    }

    @Test
    void the_after_commit_hook_runs_once_per_write_on_every_path_and_never_for_a_dry_run() {
        FolderStrategy.COMMITTED.clear();
        post(server.api(), "{\"folder\":{\"name\":\"hooked\",\"title\":\"H\"}}");
        server.api().queryParam("dryRun", "true").body("{\"folder\":{\"name\":\"hooked\",\"title\":\"Dry\"}}").post("/api/v1/folders");
        server.api().body("{\"folder\":{\"title\":\"H2\"}}").patch("/api/v1/folders/hooked");
        server.api().body("").post("/api/v1/folders/hooked/history/1/restore");
        String bundle = "{\"fulcrumBundle\":1,\"resources\":{\"folders\":[{\"name\":\"imported\",\"title\":\"I\"}]}}";
        Response imported = Bundles.importBundle(server, "", bundle);
        assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
        server.api().delete("/api/v1/folders/hooked");
        assertThat(FolderStrategy.COMMITTED).containsExactly("CREATED hooked", "UPDATED hooked", "UPDATED hooked",
                "CREATED imported", "DELETED hooked");
    }

    @Test
    void folders_are_in_the_api_description_the_export_and_the_audit_log() {
        post(server.api(), "{\"folder\":{\"name\":\"seen\",\"title\":\"Seen\",\"apiKey\":\"never-exported\"}}");
        assertThat(server.anonymous().get("/api/v1/openapi.json").asString()).contains("/api/v1/folders/{name}");
        String bundle = Bundles.export(server, "?resources=folders,connections").asString();
        assertThat(bundle).contains("\"seen\"").doesNotContain("never-exported");
        server.flushAudit();
        assertThat(server.api().get("/api/v1/audit?resource=folders").asString()).contains("\"name\":\"seen\"");
    }
}
