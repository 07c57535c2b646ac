package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fulcrum has no WebSocket routes: a WebSocket upgrade request is an HTTP request like any other, answered by the
 * same routes and the same gate, and it leaves nothing behind. (Javalin took such requests down its upgrade path
 * before any route or the gate, answered 404, and made a servlet session for each that was never released: a
 * black-box review filled the heap with 245,000 of them without a token.) And only a read of the API description
 * goes without a token.
 */
class UpgradeRequestsTest {
    private static TestServer server;
    /** A real token's shape and checksum, revoked: the gate looks it up and refuses it. */
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
