package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad tokens are refused before the router (the door) when they need no lookup, and the door is invisible: its
 * answers are the API gate's, byte for byte and header for header, and its refusals are audited like the gate's.
 * Nothing else gets past either without a token: only a read of the API description. And Fulcrum has no WebSocket
 * routes: a WebSocket upgrade request is an HTTP request like any other, answered by the same routes and the same
 * gate, and it leaves nothing behind. (Javalin took such requests down its upgrade path before any route or the
 * gate, answered 404, and made a servlet session for each that was never released: a black-box review filled the
 * heap with 245,000 of them without a token.)
 */
class ApiDoorTest {
    private static TestServer server;
    /** A real token's shape and checksum, revoked: the door lets it by and the gate looks it up. */
    private static String revoked;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        revoked = server.tokenService().create("gone");
        assertThat(server.api().delete("/api/v1/api-tokens/gone").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> headers(Response response) {
        Map<String, String> headers = new TreeMap<>();
        response.getHeaders().forEach(header -> headers.put(header.getName().toLowerCase(), header.getValue()));
        headers.remove("date");
        return headers;
    }

    private static List<String> names(Response response) {
        return response.getHeaders().asList().stream().map(header -> header.getName().toLowerCase())
                .filter(name -> !name.equals("date")).toList();
    }

    /** The body of a GET of {@code target} sent as it is (an HTTP client would refuse a malformed escape). */
    private static String rawBody(String token, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-imply-api-token: " + token
                    + "\r\nX-Request-Id: same-id\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    /** With the same X-Request-Id each time, which every answer carries back. */
    private static Response withToken(String token, String path) {
        return server.anonymous().header("x-imply-api-token", token).header("X-Request-Id", "same-id").get(path);
    }

    @Test
    void a_malformed_token_gets_the_same_answer_as_an_unknown_one_that_the_gate_looked_up() {
        Response looked = withToken(revoked, "/api/v1/data-cubes/x");
        Response door = withToken("not-a-token", "/api/v1/data-cubes/x");
        assertThat(looked.statusCode()).isEqualTo(401);
        assertThat(door.statusCode()).isEqualTo(401);
        assertThat(door.asString()).isEqualTo(looked.asString())
                .isEqualTo("{\"error\":\"invalid API token: it is unknown or has been revoked\",\"requestId\":\"same-id\"}");
        assertThat(headers(door)).isEqualTo(headers(looked)).containsEntry("x-request-id", "same-id");
        assertThat(names(door)).as("the headers' order").isEqualTo(names(looked));
    }

    @Test
    void pretty_printing_missing_tokens_and_unknown_paths_answer_as_the_gate_does() throws IOException {
        Response pretty = withToken("x", "/api/v1/roles?pretty");
        assertThat(pretty.asString()).isEqualTo("{\n  \"error\": \"invalid API token: it is unknown or has been revoked\",\n"
                + "  \"requestId\": \"same-id\"\n}\n");
        assertThat(withToken("x", "/api/v1/roles?pretty=false").asString()).doesNotContain("\n");
        assertThat(withToken("x", "/api/v1/roles?a=1&%70retty=1").asString()).contains("\n");
        for (String malformed : new String[] {"pretty=%zz", "pretty=%", "pretty&x=%zz"}) { // as the gate reads them
            assertThat(rawBody("x", "/api/v1/roles?" + malformed)).as(malformed)
                    .isEqualTo(rawBody(revoked, "/api/v1/roles?" + malformed));
        }
        Response missing = server.anonymous().get("/api/v1/no-such-resource/x");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(Jsons.errorWithoutRequestId(missing)).isEqualTo("{\"error\":\"missing API token: send it in the x-imply-api-token header"
                + " or as Authorization: Bearer <token>\"}");
        assertThat(server.anonymous().get("/api/v1/openapi.json").statusCode()).isEqualTo(200);
        assertThat(server.anonymous().get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void refusals_at_the_door_are_audited_with_the_address_method_and_path() throws InterruptedException {
        Thread.sleep(1_100); // refusals of one address are gathered per second: start a second of its own
        Response refused = server.anonymous().header("x-imply-api-token", "wrong").delete("/api/v1/users/%61da");
        server.flushAudit();
        JsonNode entries = Jsons.parse(server.api().get("/api/v1/audit?resource=users&name=ada").asString()).get("audit");
        assertThat(entries).as("the audit log's users/ada entries").isNotEmpty();
        JsonNode entry = entries.get(0);
        assertThat(entry.path("status").asInt()).isEqualTo(401);
        assertThat(entry.path("method").asText()).isEqualTo("DELETE");
        assertThat(entry.path("path").asText()).isEqualTo("/api/v1/users/%61da");
        assertThat(entry.path("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(entry.path("requestId").asText()).isEqualTo(refused.header("X-Request-Id"));
    }

    @Test
    void with_the_api_disabled_nothing_is_refused_for_its_token_everything_is_not_found() {
        try (TestServer disabled = TestServer.startWith("enableApiEndpoint: false\n")) {
            Response response = disabled.anonymous().header("x-imply-api-token", "wrong").get("/api/v1/roles");
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    private static RequestSpecification upgrading(RequestSpecification request) {
        return request.header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    @Test
    void an_upgrade_request_is_answered_as_a_plain_request_and_makes_no_session() {
        for (int i = 0; i < 20; i++) {
            Response health = upgrading(server.anonymous()).get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.header("Set-Cookie")).as("a session's cookie").isNull();
        }
        Response unknown = upgrading(server.anonymous()).get("/no-such-page");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.asString()).doesNotContain("WebSocket");
        assertThat(unknown.header("Set-Cookie")).isNull();
    }

    @Test
    void an_upgrade_request_to_the_api_goes_through_the_gate() {
        Response refused = upgrading(server.anonymous()).header("x-imply-api-token", revoked).get("/api/v1/roles");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.header("Set-Cookie")).isNull();
        Response allowed = upgrading(server.api()).get("/api/v1/roles");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.asString()).contains("\"roles\"");
    }

    @Test
    void only_a_read_of_the_api_description_needs_no_token() {
        assertThat(server.anonymous().get("/api/v1/openapi.json").statusCode()).isEqualTo(200);
        assertThat(server.anonymous().head("/api/v1/openapi.json").statusCode()).isEqualTo(200);
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            Response response = server.anonymous().contentType("application/json").body("{}")
                    .request(method, "/api/v1/openapi.json");
            assertThat(response.statusCode()).as(method).isEqualTo(401);
            assertThat(response.asString()).as(method).contains("missing API token");
        }
    }
}
