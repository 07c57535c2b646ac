package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What is stored: across restarts, under concurrent writers, and secrets at rest. */
class StateTest {

    @Test
    void documents_and_tokens_survive_a_restart() {
        try (TestServer server = TestServer.start()) {
            server.create("roles", "role", "{\"name\":\"kept\",\"title\":\"Kept\"}");
            server.restart();
            Response read = server.api().get("/api/v1/roles/kept");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.jsonPath().getString("role.title")).isEqualTo("Kept");
        }
    }

    @Test
    void secrets_are_masked_in_every_response_and_absent_from_the_database() throws IOException {
        try (TestServer server = TestServer.start()) {
            String created = server.api().body("{\"connection\":{\"name\":\"secretive\",\"type\":\"druid\","
                    + "\"queryHosts\":[\"h\"],\"key\":\"KEY-7f3a9c\",\"passphrase\":\"PASS-51be0d\","
                    + "\"sockPassword\":\"SOCK-9d2e44\"}}").post("/api/v1/connections").asString();
            String one = server.api().get("/api/v1/connections/secretive").asString();
            String all = server.api().get("/api/v1/connections?pretty").asString();
            for (String response : List.of(created, one, all)) {
                assertThat(response).doesNotContain("KEY-7f3a9c", "PASS-51be0d", "SOCK-9d2e44").contains("********");
            }
            assertThat(server.storedContent()).contains("secretive").doesNotContain("KEY-7f3a9c", "PASS-51be0d", "SOCK-9d2e44");
        }
    }

    @Test
    void a_masked_or_absent_secret_keeps_the_stored_one_and_null_clears_it() {
        try (TestServer server = TestServer.start()) {
            server.create("connections", "connection",
                    "{\"name\":\"c\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"key\":\"K1\",\"passphrase\":\"P1\"}");
            server.create("connections", "connection",
                    "{\"name\":\"c\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"key\":\"********\",\"passphrase\":null}");
            Response read = server.api().get("/api/v1/connections/c");
            assertThat(read.jsonPath().getString("connection.key")).isEqualTo("********");
            assertThat(Jsons.parse(read.asString()).get("connection").has("passphrase")).isFalse();
            server.create("connections", "connection", "{\"name\":\"c\",\"type\":\"druid\",\"queryHosts\":[\"h\"]}");
            assertThat(server.api().get("/api/v1/connections/c").jsonPath().getString("connection.key")).isEqualTo("********");
        }
    }

    @Test
    void a_stored_secret_does_not_follow_the_connection_to_a_new_destination() {
        try (TestServer server = TestServer.start()) {
            server.create("connections", "connection",
                    "{\"name\":\"c\",\"type\":\"druid\",\"queryHosts\":[\"old.example.com\"],\"sockPassword\":\"S1\"}");
            for (String change : new String[] {"\"queryHosts\":[\"evil.example.com\"]",
                    "\"queryHosts\":[\"old.example.com\"],\"sockHost\":\"evil.example.com:1080\"",
                    "\"queryHosts\":[\"old.example.com\"],\"sockPassword\":\"********\",\"protocol\":\"tls-loose\"",
                    "\"queryHosts\":[\"old.example.com\"],\"sockUsername\":\"someone-else\"",
                    "\"queryHosts\":[\"old.example.com\"],\"decorator\":\"adds-headers\""}) {
                Response moved = server.api().body("{\"connection\":{\"name\":\"c\",\"type\":\"druid\"," + change + "}}")
                        .put("/api/v1/connections/c");
                assertThat(moved.statusCode()).as(change).isEqualTo(400);
                assertThat(moved.jsonPath().getString("details[0].path")).isEqualTo("connection.sockPassword");
                assertThat(moved.jsonPath().getString("details[0].message")).contains("must be sent again");
            }
            Response resent = server.api().body("{\"connection\":{\"name\":\"c\",\"type\":\"druid\","
                    + "\"queryHosts\":[\"new.example.com\"],\"sockPassword\":\"S2\"}}").put("/api/v1/connections/c");
            assertThat(resent.statusCode()).isEqualTo(200);
            Response cleared = server.api().body("{\"connection\":{\"name\":\"c\",\"type\":\"druid\","
                    + "\"queryHosts\":[\"other.example.com\"],\"sockPassword\":null}}").put("/api/v1/connections/c");
            assertThat(cleared.statusCode()).isEqualTo(200);
            assertThat(Jsons.parse(cleared.asString()).get("connection").has("sockPassword")).isFalse();
        }
    }

    @Test
    void the_secret_key_file_is_created_readable_only_by_its_owner() throws IOException {
        try (TestServer server = TestServer.start()) {
            Path key = server.dir.resolve("secret.key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
    }

    @Test
    void concurrent_writers_lose_no_update_make_no_duplicate_and_get_no_500() throws Exception {
        try (TestServer server = TestServer.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Callable<Response>> writes = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String name = i % 2 == 0 ? "contended" : "cube-" + i;
                int n = i;
                writes.add(() -> server.api().body("{\"dashboard\":{\"name\":\"" + name + "\",\"n\":" + n + "}}")
                        .post("/api/v1/dashboards"));
            }
            Map<Long, Integer> contendedVersions = new HashMap<>();
            for (Future<Response> result : pool.invokeAll(writes)) {
                Response answer = result.get();
                assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
                if (answer.jsonPath().getString("dashboard.name").equals("contended")) {
                    contendedVersions.put(Long.parseLong(answer.header("ETag").replace("\"", "")),
                            answer.jsonPath().getInt("dashboard.n"));
                }
            }
            pool.shutdown();
            Response list = server.api().get("/api/v1/dashboards");
            List<String> names = list.jsonPath().getList("dashboards.name");
            assertThat(names).hasSize(201).doesNotHaveDuplicates();
            // the 200 writes of one name are versions 1 to 200, each in the history as it was acknowledged
            assertThat(contendedVersions.keySet()).hasSize(200).allMatch(version -> version >= 1 && version <= 200);
            var history = ConsistencyStorm.history(server.port(), server.token, "contended");
            assertThat(history.keySet()).isEqualTo(contendedVersions.keySet());
            contendedVersions.forEach((version, n) ->
                    assertThat(history.get(version).at("/dashboard/n").asInt()).as("version %d", version).isEqualTo(n));
            Response current = server.api().get("/api/v1/dashboards/contended");
            assertThat(current.header("ETag")).isEqualTo("\"200\"");
            assertThat(current.jsonPath().getInt("dashboard.n")).isEqualTo(contendedVersions.get(200L));
        }
    }

    @Test
    void without_its_database_the_server_answers_503_and_health_says_so() {
        try (TestServer server = TestServer.start()) {
            server.create("roles", "role", "{\"name\":\"before\"}");
            server.api().get("/api/v1/roles/before"); // caches the token
            server.closeDatabase();
            Response health = server.anonymous().get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.jsonPath().getString("status")).isEqualTo("unavailable");
            Response read = server.api().get("/api/v1/roles/before");
            assertThat(read.statusCode()).isEqualTo(503);
            assertThat(read.jsonPath().getString("error")).contains("database is unavailable");
            Response write = server.api().body("{\"role\":{\"name\":\"after\"}}").post("/api/v1/roles");
            assertThat(write.statusCode()).isEqualTo(503);
        }
    }
}
