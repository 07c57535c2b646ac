package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Every request has an id: the client's X-Request-Id when it is well-formed, else a new one; it is answered in
 * X-Request-Id on every answer, named in every log line of the request, recorded in its audit entry, and is the
 * reference of a 500.
 */
class RequestIdsTest {
    private static final String MADE = "[A-Za-z0-9_-]{16}";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void a_well_formed_id_is_answered_back_and_without_one_each_request_gets_a_new_one() {
        String given = "Trace_1.a-" + "x".repeat(54);
        assertThat(given).hasSize(64);
        assertThat(server.api().header("X-Request-Id", given).get("/api/v1/roles").header("X-Request-Id")).isEqualTo(given);
        String first = server.unidentified().header("x-imply-api-token", server.token).get("/api/v1/roles").header("X-Request-Id");
        String second = server.unidentified().header("x-imply-api-token", server.token).get("/api/v1/roles").header("X-Request-Id");
        assertThat(first).matches(MADE);
        assertThat(second).matches(MADE).isNotEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "semi;colon", "<script>", "quote\"d", "percent%41", "é-accent", "slash/ed",
            "sixty-five-characters-are-one-too-many-for-an-id-xxxxxxxxxxxxxxxx"})
    void an_id_that_is_not_well_formed_is_ignored_never_echoed(String given) {
        Response response = server.api().header("X-Request-Id", given).get("/api/v1/roles");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).matches(MADE).isNotEqualTo(given);
    }

    @Test
    void two_ids_in_one_request_are_ignored_for_a_new_one() {
        Response response = server.unidentified().header("x-imply-api-token", server.token).header("X-Request-Id", "one")
                .header("X-Request-Id", "two").get("/api/v1/roles");
        assertThat(response.header("X-Request-Id")).matches(MADE);
    }

    @Test
    void every_kind_of_answer_carries_the_id() throws IOException {
        String id = unique("every");
        List<Response> answers = List.of(
                server.anonymous().header("X-Request-Id", id).get("/api/v1/roles"), // 401 at the door
                server.anonymous().header("X-Request-Id", id).header("x-imply-api-token", server.tokenService().create(unique("t")))
                        .delete("/api/v1/api-tokens/nobody"), // 404 past the gate
                server.api().header("X-Request-Id", id).get("/api/v1/roles/absent"), // 404
                server.api().header("X-Request-Id", id).delete("/api/v1/roles"), // 405
                server.api().header("X-Request-Id", id).body("{\"role\":{\"name\":\"\"}}").post("/api/v1/roles"), // 400
                server.anonymous().header("X-Request-Id", id).get("/health"),
                server.anonymous().header("X-Request-Id", id).get("/health/ready"),
                server.anonymous().header("X-Request-Id", id).get("/health/live"),
                server.anonymous().header("X-Request-Id", id).get("/no/such/page"));
        for (Response answer : answers) {
            assertThat(answer.header("X-Request-Id")).as(answer.statusCode() + " " + answer.asString()).isEqualTo(id);
        }
        // an error Jetty answers itself, while parsing the request: an id of its own (the request's headers are gone)
        String jetty = raw("GET /api/v1/users/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: " + id
                + "\r\nConnection: close\r\n\r\n");
        assertThat(jetty).startsWith("HTTP/1.1 400").containsPattern("(?i)x-request-id: " + MADE + "\r\n");
        String tooLong = raw("GET /api/v1/users/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(tooLong).startsWith("HTTP/1.1 414").containsPattern("(?i)x-request-id: " + MADE + "\r\n");
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_change_and_a_change_outside_documents_are_audited_with_their_request_ids() {
        String role = unique("audited");
        String write = unique("write");
        assertThat(server.api().header("X-Request-Id", write).body("{\"role\":{\"name\":\"" + role + "\"}}")
                .post("/api/v1/roles").statusCode()).isEqualTo(200);
        JsonNode change = Jsons.parse(server.api().get("/api/v1/audit?resource=roles&name=" + role).asString())
                .get("audit").get(0);
        assertThat(change.path("requestId").asText()).isEqualTo(write);

        String token = unique("tok");
        Response created = server.api().body("{\"apiToken\":{\"name\":\"" + token + "\"}}").post("/api/v1/api-tokens");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        server.flushAudit();
        JsonNode made = Jsons.parse(server.api().get("/api/v1/audit?resource=api-tokens&name=" + token).asString())
                .get("audit").get(0);
        assertThat(made.path("requestId").asText()).isEqualTo(created.header("X-Request-Id"));
    }

    @Test
    void refusals_merged_into_one_entry_keep_the_first_request_id() throws InterruptedException {
        try (TestServer alone = TestServer.start()) { // its own refusals only, in a second of their own
            Thread.sleep(1_100);
            String user = unique("ada");
            Response first = alone.unidentified().header("x-imply-api-token", "wrong").get("/api/v1/users/" + user);
            Response second = alone.unidentified().header("x-imply-api-token", "wrong").get("/api/v1/roles/" + user);
            assertThat(first.statusCode()).isEqualTo(401);
            assertThat(second.header("X-Request-Id")).isNotEqualTo(first.header("X-Request-Id"));
            alone.flushAudit();
            JsonNode entry = Jsons.parse(alone.api().get("/api/v1/audit?resource=users&name=" + user).asString())
                    .get("audit").get(0);
            assertThat(entry.path("count").asLong()).isEqualTo(2);
            assertThat(entry.path("requestId").asText()).isEqualTo(first.header("X-Request-Id"));
        }
    }

    @Test
    void every_log_line_of_a_request_names_its_id_and_a_500_is_referenced_by_it() {
        String name = unique("broken");
        server.create("dashboards", "dashboard", "{\"name\":\"" + name + "\",\"title\":\"t\"}");
        // a fault no request can cause: the stored document is no longer JSON
        Jdbi.create(server.dataSource()).useHandle(handle -> handle.execute(
                "UPDATE documents SET body = ? WHERE resource = 'dashboards' AND name = ?", "{not json", name));
        String id = unique("fault");
        String outside = unique("outside-any-request");
        try (LogCapture log = new LogCapture()) {
            Response response = server.api().header("X-Request-Id", id).body("{\"dashboard\":{\"title\":\"x\"}}")
                    .patch("/api/v1/dashboards/" + name);
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.header("X-Request-Id")).isEqualTo(id);
            assertThat(response.jsonPath().getString("error")).isEqualTo("internal error; reference " + id + " in the server log");
            LoggerFactory.getLogger(RequestIdsTest.class).info("{}", outside);

            List<String> lines = log.containing(id);
            assertThat(lines).isNotEmpty();
            assertThat(lines).allSatisfy(line -> assertThat(line).contains(" [" + id + "] - "));
            assertThat(lines.get(0)).matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} ERROR ErrorMapper \\["
                    + id + "\\] - internal error " + id + " on PATCH /api/v1/dashboards/" + name + "\n.*\tat .*");
            assertThat(log.containing(outside)).singleElement().asString()
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\S+ INFO RequestIdsTest - " + outside + "\n");
        }
    }
}
