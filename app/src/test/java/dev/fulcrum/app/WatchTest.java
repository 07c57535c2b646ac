package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The watch streams on one server: what they send, to whom, from where they resume, and what they refuse. */
class WatchTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWith("watch:\n  heartbeatMillis: 300\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode get(String path) {
        return Jsons.parse(server.api().get(path).then().statusCode(200).extract().asString());
    }

    @Test
    void a_watcher_sees_adds_updates_and_deletes_in_order_as_a_get_answers_them() {
        try (WatchClient watch = WatchClient.open(server, "/api/v1/connections?watch=true")) {
            assertThat(watch.status).isEqualTo(200);
            assertThat(watch.contentType).startsWith("text/event-stream");
            server.create("connections", "connection",
                    "{\"name\":\"watched\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"password\":\"p-1\"}");
            JsonNode created = get("/api/v1/connections/watched").get("connection");
            server.api().body("{\"connection\":{\"title\":\"Watched\"}}").patch("/api/v1/connections/watched")
                    .then().statusCode(200);
            JsonNode updated = get("/api/v1/connections/watched").get("connection");
            server.create("dashboards", "dashboard", "{\"name\":\"not-watched-here\",\"title\":\"D\"}");
            server.api().delete("/api/v1/connections/watched").then().statusCode(200);

            List<WatchClient.Event> events = watch.next(3, 5);
            assertThat(events).extracting(event -> event.json().get("type").asText())
                    .containsExactly("ADDED", "MODIFIED", "DELETED");
            assertThat(events).extracting(event -> event.json().get("version").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(events).allSatisfy(event -> {
                assertThat(event.event()).isNull();
                assertThat(event.json().get("resource").asText()).isEqualTo("connections");
                assertThat(event.json().get("name").asText()).isEqualTo("watched");
            });
            assertThat(Long.parseLong(events.get(1).id())).isGreaterThan(Long.parseLong(events.get(0).id()));
            assertThat(Long.parseLong(events.get(2).id())).isGreaterThan(Long.parseLong(events.get(1).id()));
            // the document exactly as GET answered it: the password masked; a delete carries the document as it was
            assertThat(events.get(0).json().get("connection")).isEqualTo(created);
            assertThat(events.get(1).json().get("connection")).isEqualTo(updated);
            assertThat(events.get(2).json().get("connection")).isEqualTo(updated);
            assertThat(events.get(0).data()).doesNotContain("p-1");
        }
    }

    @Test
    void a_watcher_of_one_document_sees_its_whole_life_and_nothing_else() {
        try (WatchClient watch = WatchClient.open(server, "/api/v1/dashboards/one-watched?watch=true");
             WatchClient builtIn = WatchClient.open(server, "/api/v1/roles/Admin?watch=true");
             WatchClient all = WatchClient.open(server, "/api/v1/watch")) {
            assertThat(watch.status).isEqualTo(200);
            assertThat(watch.contentType).startsWith("text/event-stream");
            server.create("dashboards", "dashboard", "{\"name\":\"one-watched-not\",\"title\":\"D\"}");
            server.create("dashboards", "dashboard", "{\"name\":\"one-watched\",\"title\":\"D\"}");
            server.create("roles", "role", "{\"name\":\"one-watched\",\"permissions\":[]}");
            server.api().body("{\"dashboard\":{\"title\":\"E\"}}").patch("/api/v1/dashboards/one-watched-not")
                    .then().statusCode(200);
            server.api().body("{\"dashboard\":{\"title\":\"E\"}}").patch("/api/v1/dashboards/one-watched")
                    .then().statusCode(200);
            server.api().delete("/api/v1/dashboards/one-watched").then().statusCode(200);
            List<WatchClient.Event> events = watch.next(3, 5);
            assertThat(events).extracting(event -> event.json().get("type").asText() + " "
                    + event.json().get("resource").asText() + "/" + event.json().get("name").asText())
                    .containsExactly("ADDED dashboards/one-watched", "MODIFIED dashboards/one-watched",
                            "DELETED dashboards/one-watched");
            assertThat(events.get(1).json().get("dashboard").get("title").asText()).isEqualTo("E");
            server.create("dashboards", "dashboard", "{\"name\":\"one-watched-after\",\"title\":\"D\"}");
            List<String> seen = new java.util.ArrayList<>();
            while (!seen.contains("one-watched-after")) { // delivered to every stream by now
                seen.add(all.next(5).json().get("name").asText());
            }
            assertThat(watch.rest()).isEmpty();
            assertThat(builtIn.rest()).isEmpty();
        }
        try (WatchClient resumed = WatchClient.open(server, "/api/v1/dashboards/one-watched?watch=true&since=0")) {
            assertThat(resumed.next(3, 5)).extracting(event -> event.json().get("type").asText())
                    .containsExactly("ADDED", "MODIFIED", "DELETED");
        }
    }

    /** A resume reads for a caller only what it may see: a token that may read nothing gets nothing, however far back. */
    @Test
    void a_resume_gives_a_caller_only_the_kinds_its_role_may_read() {
        server.create("roles", "role", "{\"name\":\"resume-cubes\",\"permissions\":[{\"name\":\"ChangeDataCubes\"}]}");
        server.create("roles", "role", "{\"name\":\"resume-nothing\",\"permissions\":[]}");
        String cubes = server.tokenService().create(new TokenRequest("resume-cube", "resume-cubes", null, "test", null));
        String nothing = server.tokenService().create(new TokenRequest("resume-none", "resume-nothing", null, "test", null));
        server.create("connections", "connection", "{\"name\":\"resume-c\",\"type\":\"druid\",\"queryHosts\":[\"h\"]}");
        server.create("data-cubes", "dataCube", "{\"name\":\"resume-cube\",\"connectionName\":\"resume-c\",\"source\":\"s\"}");
        try (WatchClient all = WatchClient.open(server.port(), "/api/v1/watch?since=0", cubes, null);
             WatchClient none = WatchClient.open(server.port(), "/api/v1/watch?since=0", nothing, null)) {
            List<String> seen = new java.util.ArrayList<>();
            while (!seen.contains("resume-cube")) {
                WatchClient.Event event = all.next(5);
                assertThat(event.json().get("resource").asText()).isEqualTo("data-cubes");
                seen.add(event.json().get("name").asText());
            }
            server.create("dashboards", "dashboard", "{\"name\":\"resume-after\",\"title\":\"D\"}");
            server.create("data-cubes", "dataCube", "{\"name\":\"resume-cube-2\",\"connectionName\":\"resume-c\",\"source\":\"s\"}");
            assertThat(all.next(5).json().get("name").asText()).isEqualTo("resume-cube-2");
            assertThat(none.rest()).isEmpty();
        }
    }

    @Test
    void a_caller_sees_only_the_kinds_its_role_may_read() {
        server.create("roles", "role", "{\"name\":\"cube-changers\",\"permissions\":[{\"name\":\"ChangeDataCubes\"}]}");
        String cubes = server.tokenService().create(new TokenRequest("cube-changer", "cube-changers", null, "test", null));
        server.anonymous().header("x-imply-api-token", cubes).get("/api/v1/dashboards?watch=true").then().statusCode(403);
        try (WatchClient restricted = WatchClient.open(server.port(), "/api/v1/watch", cubes, null);
             WatchClient admin = WatchClient.open(server, "/api/v1/watch");
             WatchClient cubesOnly = WatchClient.open(server.port(), "/api/v1/data-cubes?watch=true", cubes, null)) {
            server.create("connections", "connection", "{\"name\":\"perm-c\",\"type\":\"druid\",\"queryHosts\":[\"h\"]}");
            server.create("dashboards", "dashboard", "{\"name\":\"perm-d\",\"title\":\"D\"}");
            server.create("data-cubes", "dataCube", "{\"name\":\"perm-cube\",\"connectionName\":\"perm-c\",\"source\":\"s\"}");
            assertThat(admin.next(3, 5)).extracting(event -> event.json().get("name").asText())
                    .containsExactly("perm-c", "perm-d", "perm-cube");
            assertThat(restricted.next(5).json().get("name").asText()).isEqualTo("perm-cube");
            assertThat(cubesOnly.next(5).json().get("name").asText()).isEqualTo("perm-cube");
            server.create("dashboards", "dashboard", "{\"name\":\"perm-d2\",\"title\":\"D\"}");
            assertThat(admin.next(5).json().get("name").asText()).isEqualTo("perm-d2");
            assertThat(restricted.rest()).isEmpty();
        }
    }

    @Test
    void a_resume_with_last_event_id_or_since_misses_nothing_and_repeats_nothing() {
        String last;
        try (WatchClient watch = WatchClient.open(server, "/api/v1/dashboards?watch=true")) {
            server.create("dashboards", "dashboard", "{\"name\":\"resume-0\",\"title\":\"D\"}");
            last = watch.next(5).id();
        }
        for (int i = 1; i <= 3; i++) { // written while nobody watches
            server.create("dashboards", "dashboard", "{\"name\":\"resume-" + i + "\",\"title\":\"D\"}");
        }
        try (WatchClient byHeader = WatchClient.open(server.port(), "/api/v1/dashboards?watch=true", server.token, last);
             WatchClient bySince = WatchClient.open(server, "/api/v1/dashboards?watch=true&since=" + last);
             // the header wins: a browser reconnects with the URL it started with
             WatchClient both = WatchClient.open(server.port(), "/api/v1/dashboards?watch=true&since=0", server.token, last)) {
            for (WatchClient watch : List.of(byHeader, bySince, both)) {
                List<WatchClient.Event> events = watch.next(3, 5);
                assertThat(events).extracting(event -> event.json().get("name").asText())
                        .containsExactly("resume-1", "resume-2", "resume-3");
                assertThat(Long.parseLong(events.get(0).id())).isGreaterThan(Long.parseLong(last));
            }
            server.create("dashboards", "dashboard", "{\"name\":\"resume-4\",\"title\":\"D\"}");
            for (WatchClient watch : List.of(byHeader, bySince, both)) {
                assertThat(watch.next(5).json().get("name").asText()).isEqualTo("resume-4");
                assertThat(watch.rest()).isEmpty();
            }
        }
    }

    @Test
    void an_unknown_or_pruned_event_id_is_one_410_event_and_the_end() {
        try (WatchClient unknown = WatchClient.open(server, "/api/v1/watch?since=999999999")) {
            assertThat(unknown.status).isEqualTo(200);
            WatchClient.Event gone = unknown.next(5);
            assertThat(gone.event()).isEqualTo("error");
            assertThat(gone.json().get("status").asInt()).isEqualTo(410);
            assertThat(gone.json().get("error").asText()).contains("999999999 is unknown");
            assertThat(unknown.ended(Duration.ofSeconds(5))).isTrue();
        }
        // events pruned as retention would prune them: a resume from before them is gone
        long newest;
        try (WatchClient watch = WatchClient.open(server, "/api/v1/dashboards?watch=true")) {
            server.create("dashboards", "dashboard", "{\"name\":\"pruned-before\",\"title\":\"D\"}"); // 2 events at least
            server.create("dashboards", "dashboard", "{\"name\":\"pruned\",\"title\":\"D\"}");
            newest = Long.parseLong(watch.next(2, 5).get(1).id());
        }
        long through = newest - 1;
        Jdbi.create(server.dataSource()).useHandle(handle -> {
            handle.execute("DELETE FROM document_events WHERE position <= ?", through);
            handle.execute("UPDATE event_sequence SET pruned_through = ?", through);
        });
        try (WatchClient old = WatchClient.open(server, "/api/v1/dashboards?watch=true&since=" + (through - 1))) {
            WatchClient.Event gone = old.next(5);
            assertThat(gone.event()).isEqualTo("error");
            assertThat(gone.json().get("status").asInt()).isEqualTo(410);
            assertThat(gone.json().get("error").asText()).contains("too old");
            assertThat(old.ended(Duration.ofSeconds(5))).isTrue();
        }
        try (WatchClient fromFirstKept = WatchClient.open(server, "/api/v1/dashboards?watch=true&since=0")) {
            assertThat(fromFirstKept.next(5).json().get("name").asText()).as("0: every event kept").isEqualTo("pruned");
        }
        try (WatchClient fromPruned = WatchClient.open(server, "/api/v1/dashboards?watch=true&since=" + through)) {
            assertThat(fromPruned.next(5).json().get("name").asText()).isEqualTo("pruned");
            server.create("dashboards", "dashboard", "{\"name\":\"after-pruning\",\"title\":\"D\"}");
            assertThat(fromPruned.next(5).json().get("name").asText()).isEqualTo("after-pruning");
        }
    }

    @Test
    void bad_watch_requests_are_4xx_json_errors() {
        assertError(server.api().get("/api/v1/dashboards?watch=false"), 400, "'watch' must be true");
        assertError(server.api().get("/api/v1/dashboards?watch=true&watch=true"), 400, "once");
        assertError(server.api().get("/api/v1/dashboards?watch=true&since=abc"), 400, "'since' must be an event id");
        assertError(server.api().get("/api/v1/dashboards?watch=true&since=-1"), 400, "'since' must be an event id");
        assertError(server.api().get("/api/v1/dashboards?watch=true&title=D"), 400, "unknown query parameter 'title'");
        assertError(server.api().get("/api/v1/watch?watch=true"), 400, "unknown query parameter 'watch'");
        assertError(server.api().header("Last-Event-ID", "x").get("/api/v1/watch"), 400, "Last-Event-ID header must be");
        assertError(server.api().header("Last-Event-ID", "+5").get("/api/v1/watch"), 400, "Last-Event-ID header must be");
        assertError(server.api().header("Last-Event-ID", "5").header("Last-Event-ID", "7").get("/api/v1/watch"), 400,
                "Last-Event-ID header given more than once");
        assertError(server.api().get("/api/v1/dashboards?watch=true&since=%205"), 400, "'since' must be an event id");
        assertError(server.api().get("/api/v1/dashboards?watch=true&since="), 400, "'since' must be an event id");
        assertError(server.api().header("Last-Event-ID", "5").get("/api/v1/dashboards?watch=true&since=abc"), 400,
                "'since' must be an event id");
        assertError(server.api().get("/api/v1/nothing?watch=true"), 404, "Not found");
        assertError(server.api().get("/api/v1/dashboards/x?watch=false"), 400, "for the dashboard itself leave 'watch' out");
        assertError(server.api().get("/api/v1/dashboards/x?watch=true&since=x"), 400, "'since' must be an event id");
        assertError(server.api().get("/api/v1/dashboards/x?watch=true&title=D"), 400, "unknown query parameter 'title'");
        assertError(server.api().get("/api/v1/dashboards/..?watch=true"), 400, "invalid dashboard name");
        assertError(server.api().get("/api/v1/nothing/x?watch=true"), 404, "Not found");
        assertError(server.anonymous().get("/api/v1/watch"), 401, "missing API token");
    }

    private static void assertError(Response response, int status, String message) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(Jsons.parse(response.asString()).get("error").asText()).contains(message);
    }

    @Test
    void an_idle_stream_gets_heartbeats() {
        try (WatchClient watch = WatchClient.open(server, "/api/v1/roles?watch=true")) {
            assertThat(watch.nextComment(5)).startsWith("watching after event");
            assertThat(watch.nextComment(5)).isEqualTo("heartbeat");
            assertThat(watch.nextComment(5)).isEqualTo("heartbeat");
        }
    }

    @Test
    void a_kinds_stream_ends_with_a_403_when_its_role_may_no_longer_read_the_kind() {
        server.create("roles", "role", "{\"name\":\"losing\",\"permissions\":[{\"name\":\"ChangeDataCubes\"}]}");
        String losing = server.tokenService().create(new TokenRequest("losing", "losing", null, "test", null));
        try (WatchClient cubes = WatchClient.open(server.port(), "/api/v1/data-cubes?watch=true", losing, null);
             WatchClient everything = WatchClient.open(server.port(), "/api/v1/watch", losing, null)) {
            assertThat(cubes.status).isEqualTo(200);
            server.api().body("{\"role\":{\"permissions\":[]}}").patch("/api/v1/roles/losing").then().statusCode(200);
            WatchClient.Event refused = cubes.next(5);
            assertThat(refused.event()).isEqualTo("error");
            assertThat(refused.json().get("status").asInt()).isEqualTo(403);
            assertThat(cubes.ended(Duration.ofSeconds(5))).isTrue();
            assertThat(everything.ended(Duration.ofSeconds(2))).as("every kind it may read: none now, but open").isFalse();
        }
    }

    @Test
    void a_revoked_tokens_streams_end() {
        String doomed = server.tokenService().create(new TokenRequest("doomed", null, null, "test", null));
        try (WatchClient watch = WatchClient.open(server.port(), "/api/v1/watch", doomed, null)) {
            server.api().delete("/api/v1/api-tokens/doomed").then().statusCode(200);
            WatchClient.Event refused = watch.next(5);
            assertThat(refused.event()).isEqualTo("error");
            assertThat(refused.json().get("status").asInt()).isEqualTo(401);
            assertThat(watch.ended(Duration.ofSeconds(5))).isTrue();
        }
    }
}
