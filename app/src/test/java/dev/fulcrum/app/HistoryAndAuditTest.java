package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every change is kept with its author, can be restored, and is in the audit log with every refusal. */
class HistoryAndAuditTest {
    private static TestServer server;
    private static Path auditFile;

    @BeforeAll
    static void start() throws Exception {
        auditFile = Files.createTempDirectory("fulcrum-audit").resolve("audit/audit.jsonl");
        server = TestServer.startWith("auditLogFile: " + auditFile + "\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response post(String resource, String json) {
        return server.api().body(json).post("/api/v1/" + resource);
    }

    @Test
    void every_change_is_kept_newest_first_with_its_author_and_a_restore_is_a_new_version() {
        post("dashboards", "{\"dashboard\":{\"name\":\"h1\",\"title\":\"one\"}}");
        post("dashboards", "{\"dashboard\":{\"name\":\"h1\",\"title\":\"two\"}}");
        post("dashboards", "{\"dashboard\":{\"name\":\"h1\",\"title\":\"three\"}}");
        Response history = server.api().get("/api/v1/dashboards/h1/history");
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.jsonPath().getList("history.version", Integer.class)).containsExactly(3, 2, 1);
        assertThat(history.jsonPath().getList("history.change")).containsExactly("update", "update", "create");
        assertThat(history.jsonPath().getList("history.dashboard.title")).containsExactly("three", "two", "one");
        assertThat(history.jsonPath().getList("history.changedBy.token")).containsOnly("test");
        assertThat(history.jsonPath().getInt("total")).isEqualTo(3);
        Instant changedAt = Instant.parse(history.jsonPath().getString("history[0].changedAt"));
        assertThat(changedAt).isBetween(Instant.now().minusSeconds(60), Instant.now());

        Response page = server.api().get("/api/v1/dashboards/h1/history?page=2&per_page=2");
        assertThat(page.jsonPath().getList("history.version", Integer.class)).containsExactly(1);

        Response first = server.api().get("/api/v1/dashboards/h1/history/1");
        assertThat(first.jsonPath().getString("dashboard.title")).isEqualTo("one");
        assertThat(first.jsonPath().getInt("version")).isEqualTo(1);

        Response restored = server.api().post("/api/v1/dashboards/h1/history/1/restore");
        assertThat(restored.statusCode()).isEqualTo(200);
        assertThat(restored.jsonPath().getString("message")).isEqualTo("Restored version 1 as version 4");
        assertThat(restored.header("ETag")).isEqualTo("\"4\"");
        assertThat(server.api().get("/api/v1/dashboards/h1").jsonPath().getString("dashboard.title")).isEqualTo("one");
        assertThat(server.api().get("/api/v1/dashboards/h1/history").jsonPath().getList("history.version", Integer.class))
                .containsExactly(4, 3, 2, 1);
        Response again = server.api().post("/api/v1/dashboards/h1/history/1/restore"); // what is current already
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("ETag")).isEqualTo("\"4\"");
        assertThat(again.jsonPath().getString("message")).isEqualTo("Version 1 is what version 4 holds already; nothing was written");
        assertThat(server.api().get("/api/v1/dashboards/h1/history").jsonPath().getList("history.version", Integer.class))
                .as("no new version").containsExactly(4, 3, 2, 1);
    }

    @Test
    void history_pages_hold_50_by_default_and_at_most_1000() {
        for (int i = 0; i < 55; i++) {
            post("dashboards", "{\"dashboard\":{\"name\":\"long-lived\",\"title\":\"t" + i + "\"}}");
        }
        Response first = server.api().get("/api/v1/dashboards/long-lived/history");
        assertThat(first.jsonPath().getList("history")).hasSize(50);
        assertThat(first.jsonPath().getInt("perPage")).isEqualTo(50);
        assertThat(first.jsonPath().getInt("total")).isEqualTo(55);
        assertThat(first.jsonPath().getInt("history[0].version")).isEqualTo(55);
        assertThat(server.api().get("/api/v1/dashboards/long-lived/history?page=2").jsonPath().getList("history.version", Integer.class))
                .containsExactly(5, 4, 3, 2, 1);
        assertThat(server.api().get("/api/v1/dashboards/long-lived/history?per_page=1000").jsonPath().getList("history")).hasSize(55);
        for (String bad : List.of("per_page=1001", "per_page=0", "page=0", "page=-1", "per_page=x")) {
            Response refused = server.api().get("/api/v1/dashboards/long-lived/history?" + bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.jsonPath().getString("error")).as(bad).isNotBlank();
        }
    }

    @Test
    void an_audit_entry_never_holds_the_query_string() {
        String secretish = "?pretty&note=QUERY-SECRET-1";
        // a write takes no such parameter (a 400 that names it, not its value); a read ignores it
        Response refused = server.api().body("{\"dashboard\":{\"name\":\"queried\"}}").post("/api/v1/dashboards" + secretish);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.asString()).doesNotContain("QUERY-SECRET-1");
        assertThat(server.api().body("{\"dashboard\":{\"name\":\"queried\"}}").post("/api/v1/dashboards?pretty&dryRun=false")
                .statusCode()).isEqualTo(200);
        assertThat(server.anonymous().get("/api/v1/dashboards/queried" + secretish).statusCode()).isEqualTo(401);
        server.flushAudit();
        Response audit = server.api().get("/api/v1/audit?resource=dashboards&name=queried");
        assertThat(audit.jsonPath().getList("audit.path")).containsExactly("/api/v1/dashboards/queried", "/api/v1/dashboards");
        assertThat(audit.asString()).doesNotContain("QUERY-SECRET-1", "?");
        assertThat(server.api().get("/api/v1/audit?limit=1000").asString()).doesNotContain("QUERY-SECRET-1");
    }

    @Test
    void writing_the_same_document_again_changes_nothing_and_records_nothing() {
        String cube = "{\"dashboard\":{\"name\":\"same\",\"title\":\"unchanged\"}}";
        Response first = post("dashboards", cube);
        Response again = post("dashboards", cube);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getString("message")).isEqualTo("Updated successfully");
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag")).isEqualTo("\"1\"");
        assertThat(server.api().get("/api/v1/dashboards/same/history").jsonPath().getInt("total")).isEqualTo(1);
        assertThat(server.api().get("/api/v1/audit?resource=dashboards&name=same").jsonPath().getList("audit")).hasSize(1);
    }

    @Test
    void a_deleted_document_keeps_its_history_comes_back_on_restore_and_its_versions_only_go_up() {
        post("dashboards", "{\"dashboard\":{\"name\":\"gone\",\"title\":\"kept\"}}");
        assertThat(server.api().delete("/api/v1/dashboards/gone").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/dashboards/gone").statusCode()).isEqualTo(404);
        Response history = server.api().get("/api/v1/dashboards/gone/history");
        assertThat(history.jsonPath().getList("history.change")).containsExactly("delete", "create");
        assertThat(history.jsonPath().getString("history[0].dashboard.title")).isEqualTo("kept");

        Response back = server.api().post("/api/v1/dashboards/gone/history/1/restore");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.jsonPath().getString("message")).isEqualTo("Restored version 1 as version 3");
        assertThat(server.api().get("/api/v1/dashboards/gone").header("ETag")).isEqualTo("\"3\"");

        // created again by hand after a delete: the versions continue, so an old ETag never matches again
        server.api().delete("/api/v1/dashboards/gone");
        Response again = post("dashboards", "{\"dashboard\":{\"name\":\"gone\",\"title\":\"new\"}}");
        assertThat(again.header("ETag")).isEqualTo("\"5\"");
    }

    @Test
    void history_masks_secrets_and_a_restore_brings_back_that_versions_secret() {
        server.create("users", "user", "{\"name\":\"rita@example.com\"}");
        post("user-auths", "{\"userAuth\":{\"name\":\"rita@example.com\",\"currentPass\":{\"pass\":\"first secret 1\",\"hashStrategy\":\"none\"}}}");
        post("user-auths", "{\"userAuth\":{\"name\":\"rita@example.com\",\"currentPass\":{\"pass\":\"second secret 2\",\"hashStrategy\":\"none\"}}}");
        String history = server.api().get("/api/v1/user-auths/rita@example.com/history").asString();
        assertThat(history).doesNotContain("first secret 1", "second secret 2", "argon2id$", "passwordHash");
        assertThat(verify("first secret 1")).isFalse();

        assertThat(server.api().post("/api/v1/user-auths/rita@example.com/history/1/restore").statusCode()).isEqualTo(200);
        assertThat(verify("first secret 1")).isTrue();
        assertThat(verify("second secret 2")).isFalse();

        post("connections", "{\"connection\":{\"name\":\"hc\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"password\":\"PW-ONE-77\"}}");
        post("connections", "{\"connection\":{\"name\":\"hc\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"password\":null}}");
        Response one = server.api().get("/api/v1/connections/hc/history/1");
        assertThat(one.jsonPath().getString("connection.password")).isEqualTo("********");
        assertThat(one.asString()).doesNotContain("PW-ONE-77");
        assertThat(server.api().get("/api/v1/connections/hc").jsonPath().getString("connection.password")).isNull();
        server.api().post("/api/v1/connections/hc/history/1/restore");
        assertThat(server.api().get("/api/v1/connections/hc").jsonPath().getString("connection.password")).isEqualTo("********");
        assertThat(server.storedContent()).doesNotContain("PW-ONE-77", "first secret 1");
    }

    private static boolean verify(String password) {
        return server.api().body("{\"password\":\"" + password + "\"}").post("/api/v1/user-auths/rita@example.com/verify")
                .jsonPath().getBoolean("valid");
    }

    @Test
    void a_restore_is_validated_like_any_write_and_bad_versions_are_clear_errors() {
        post("connections", "{\"connection\":{\"name\":\"short-lived\",\"type\":\"druid\",\"queryHosts\":[\"h\"]}}");
        post("data-cubes", "{\"dataCube\":{\"name\":\"orphan\",\"connectionName\":\"short-lived\",\"source\":\"s\"}}");
        assertThat(server.api().delete("/api/v1/data-cubes/orphan").statusCode()).isEqualTo(200);
        assertThat(server.api().delete("/api/v1/connections/short-lived").statusCode()).isEqualTo(200);
        Response restore = server.api().post("/api/v1/data-cubes/orphan/history/1/restore");
        assertThat(restore.statusCode()).isEqualTo(400);
        assertThat(restore.asString()).contains("short-lived").contains("does not exist");
        assertThat(server.api().get("/api/v1/data-cubes/orphan").statusCode()).isEqualTo(404);

        assertThat(server.api().get("/api/v1/dashboards/never-was/history").statusCode()).isEqualTo(404);
        post("dashboards", "{\"dashboard\":{\"name\":\"v\"}}");
        assertThat(server.api().get("/api/v1/dashboards/v/history/99").statusCode()).isEqualTo(404);
        Response bad = server.api().get("/api/v1/dashboards/v/history/x");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("error")).contains("version");
        assertThat(server.api().post("/api/v1/dashboards/v/history/0/restore").statusCode()).isEqualTo(400);
        assertThat(server.api().body("{\"x\":1}").post("/api/v1/dashboards/v/history/1/restore").statusCode()).isEqualTo(400);
        assertThat(server.api().header("If-Match", "\"7\"").post("/api/v1/dashboards/v/history/1/restore").statusCode()).isEqualTo(412);
        assertThat(server.api().post("/api/v1/dashboards/v/history/1/restore?dryRun=true").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/dashboards/v/history").jsonPath().getInt("total")).isEqualTo(1);
    }

    @Test
    void changes_are_audited_with_their_changed_fields_and_refusals_too_never_with_a_secret() throws Exception {
        post("connections", "{\"connection\":{\"name\":\"audited\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"password\":\"AUDIT-PW-1\"}}");
        post("connections", "{\"connection\":{\"name\":\"audited\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"title\":\"T\",\"password\":\"AUDIT-PW-2\"}}");
        // a dry run changes a field, answers like the write would, and leaves no audit entry
        Response dryRun = post("connections?dryRun=true", "{\"connection\":{\"name\":\"audited\",\"type\":\"druid\","
                + "\"queryHosts\":[\"h\"],\"title\":\"dry\"}}");
        assertThat(dryRun.statusCode()).as(dryRun.asString()).isEqualTo(200);
        assertThat(dryRun.jsonPath().getString("connection.title")).isEqualTo("dry");
        server.api().delete("/api/v1/connections/audited");
        String rawBadToken = "fulcrum_notARealTokenButLongEnoughToLookLikeOne1234567890ab";
        assertThat(server.anonymous().header("x-imply-api-token", rawBadToken).delete("/api/v1/connections/audited")
                .statusCode()).isEqualTo(401);
        server.flushAudit();

        Response audit = server.api().get("/api/v1/audit?resource=connections&name=audited");
        assertThat(audit.statusCode()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        Jsons.parse(audit.asString()).get("audit").forEach(entries::add);
        assertThat(entries).extracting(e -> e.get("method").asText() + " " + e.get("status").asInt())
                .containsExactly("DELETE 401", "DELETE 200", "POST 200", "POST 200");
        assertThat(entries.get(0).get("actor").has("token")).isFalse();
        assertThat(entries.get(1).get("actor").get("token").asText()).isEqualTo("test");
        assertThat(entries.get(1).get("clientAddress").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(entries.get(2).get("changedFields").toString()).isEqualTo("[\"password\",\"title\"]");
        assertThat(entries.get(3).get("changedFields").toString()).contains("name", "password", "queryHosts", "type");
        assertThat(audit.asString()).doesNotContain("AUDIT-PW", rawBadToken, server.token);

        String file = Files.readString(auditFile);
        assertThat(file.lines()).allSatisfy(line -> Jsons.parse(line)); // every line is JSON
        assertThat(file).contains("\"name\":\"audited\"").contains("\"status\":401")
                .doesNotContain("AUDIT-PW", rawBadToken, server.token);
    }

    @Test
    void changes_outside_documents_are_audited_and_a_refusal_without_a_token_has_no_actor() {
        Response created = server.api().body("{\"apiToken\":{\"name\":\"audited-token\"}}").post("/api/v1/api-tokens");
        assertThat(created.statusCode()).isEqualTo(200);
        String raw = created.jsonPath().getString("token");
        assertThat(server.api().delete("/api/v1/api-tokens/audited-token").statusCode()).isEqualTo(200);
        assertThat(server.anonymous().get("/api/v1/roles").statusCode()).isEqualTo(401);
        server.flushAudit();
        Response tokens = server.api().get("/api/v1/audit?resource=api-tokens&name=audited-token");
        assertThat(tokens.jsonPath().getList("audit.method")).containsExactly("DELETE", "POST");
        assertThat(tokens.asString()).doesNotContain(raw);
        Response anonymous = server.api().get("/api/v1/audit?resource=roles&limit=1000");
        List<JsonNode> refusals = new ArrayList<>();
        Jsons.parse(anonymous.asString()).get("audit").forEach(entry -> {
            if (entry.get("status").asInt() == 401) {
                refusals.add(entry);
            }
        });
        assertThat(refusals).isNotEmpty().allSatisfy(entry -> assertThat(entry.get("actor").size()).isZero());
        assertThat(server.api().get("/api/v1/audit?since=+300000-01-01T00:00:00Z").statusCode()).isEqualTo(400);
    }

    @Test
    void a_flood_of_refusals_is_counted_exactly_in_few_entries() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Callable<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            requests.add(() -> server.anonymous().header("x-imply-api-token", "fulcrum_flood")
                    .get("/api/v1/dashboards/flood-target").statusCode());
        }
        for (java.util.concurrent.Future<Integer> status : pool.invokeAll(requests)) {
            assertThat(status.get()).isEqualTo(401);
        }
        pool.shutdown();
        server.flushAudit();
        Response audit = server.api().get("/api/v1/audit?resource=dashboards&name=flood-target&limit=1000");
        List<Integer> counts = audit.jsonPath().getList("audit.count", Integer.class);
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
        assertThat(counts.size()).isLessThan(400);
    }

    @Test
    void a_value_the_database_cannot_store_is_a_400_on_every_database() {
        // H2 stores U+0000; PostgreSQL's text cannot, and that is the client's bad input, not a 500
        int expected = TestDatabases.STORE.equals("pg") ? 400 : 200;
        Response nul = post("dashboards", "{\"dashboard\":{\"name\":\"nul\",\"title\":\"a\\u0000b\"}}");
        assertThat(nul.statusCode()).isEqualTo(expected);
        if (expected == 400) {
            assertThat(nul.jsonPath().getString("error")).contains("cannot store");
        }
        assertThat(server.api().get("/api/v1/dashboards?per_page=5&after=%00").statusCode()).isEqualTo(expected);
        assertThat(server.api().get("/api/v1/audit?actor=%00").statusCode()).isEqualTo(expected);
    }

    @Test
    void the_audit_log_is_filtered_by_actor_and_time_and_paged_by_cursor() {
        Instant before = Instant.now();
        for (int i = 0; i < 5; i++) {
            post("roles", "{\"role\":{\"name\":\"paged-" + i + "\"}}");
        }
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = server.api().get("/api/v1/audit?resource=roles&actor=test&since=" + before + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.statusCode()).isEqualTo(200);
            names.addAll(page.jsonPath().getList("audit.name"));
            cursor = page.jsonPath().getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(names).containsExactly("paged-4", "paged-3", "paged-2", "paged-1", "paged-0");
        assertThat(pages).isEqualTo(3);
        assertThat(server.api().get("/api/v1/audit?actor=somebody-else&since=" + before).jsonPath().getList("audit")).isEmpty();
        assertThat(server.api().get("/api/v1/audit?resource=roles&until=" + before).jsonPath().getList("audit.name"))
                .doesNotContain("paged-0");

        for (String bad : List.of("since=yesterday", "limit=0", "limit=5000", "cursor=abc", "colour=red")) {
            Response response = server.api().get("/api/v1/audit?" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.jsonPath().getString("error")).as(bad).isNotBlank();
        }
    }
}
