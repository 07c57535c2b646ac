package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests a careful client never sends: what the web server refuses itself, method overrides, odd tags. */
class OddRequestsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("roles", "role", "{\"name\":\"nobody\",\"permissions\":[]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends {@code request} as it is on a new connection and answers the whole response. */
    static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String get(String target, String extraHeaders) throws IOException {
        return raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-imply-api-token: " + server.token
                + "\r\n" + extraHeaders + "Connection: close\r\n\r\n");
    }

    private static void assertJsonError(String response, String status) {
        assertThat(response).startsWith("HTTP/1.1 " + status);
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("content-type: application/json").containsPattern("x-request-id: [a-z0-9_-]{16}");
        JsonNode body = Jsons.parse(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.path("error").asText()).isNotBlank();
        assertThat(response).doesNotContain("<html", "Exception", "at org.");
    }

    @Nested
    class WebServerErrors {
        @ParameterizedTest
        @ValueSource(strings = {"/api/v1/users/%00", "/api/v1/users/..;/roles", "/api/v1/users/a%2fb"})
        void an_ambiguous_or_null_path_is_a_400_with_a_json_error(String path) throws IOException {
            assertJsonError(get(path, ""), "400");
        }

        @Test
        void a_request_line_too_long_is_a_414_with_a_json_error() throws IOException {
            assertJsonError(get("/api/v1/users/" + "a".repeat(20_000), ""), "414");
        }

        @Test
        void headers_too_large_are_a_431_with_a_json_error() throws IOException {
            assertJsonError(get("/api/v1/users", "X-Big: " + "b".repeat(20_000) + "\r\n"), "431");
        }

        @Test
        void a_malformed_request_is_a_400_with_a_json_error() throws IOException {
            assertJsonError(raw("GET /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\nConnection: close\r\n\r\n"), "400");
        }
    }

    @Nested
    class MethodOverride {
        @Test
        void x_http_method_override_is_ignored() {
            server.create("roles", "role", "{\"name\":\"overridden\",\"permissions\":[]}");
            Response response = server.api().header("X-HTTP-Method-Override", "DELETE").get("/api/v1/roles/overridden");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server.api().get("/api/v1/roles/overridden").statusCode()).as("still there").isEqualTo(200);
        }
    }

    @Nested
    class IfMatch {
        @ParameterizedTest
        @ValueSource(strings = {"W/\"1\"", "\"1\", \"2\"", "\"99999999999999999999999\"", "1", "\"\"", "\"-1\""})
        void a_malformed_if_match_is_a_400_not_a_412(String tag) {
            server.create("roles", "role", "{\"name\":\"tagged\",\"permissions\":[]}");
            Response response = server.api().header("If-Match", tag)
                    .body("{\"role\":{\"name\":\"tagged\",\"permissions\":[]}}").put("/api/v1/roles/tagged");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.jsonPath().getString("error")).contains("If-Match");
        }

        @Test
        void a_well_formed_stale_if_match_is_still_a_412() {
            server.create("roles", "role", "{\"name\":\"stale\",\"permissions\":[]}");
            Response response = server.api().header("If-Match", "\"7\"")
                    .body("{\"role\":{\"name\":\"stale\",\"permissions\":[]}}").put("/api/v1/roles/stale");
            assertThat(response.statusCode()).isEqualTo(412);
        }
    }

    @Nested
    class Audit {
        @Test
        void a_refusal_names_the_decoded_resource_and_name() {
            String weak = server.tokenService().create(new dev.fulcrum.app.tokens.TokenRequest("odd-nobody", "nobody", null, "cli", null));
            Response refused = server.anonymous().header("x-imply-api-token", weak).get("/api/v1/%75sers/%61lice");
            assertThat(refused.statusCode()).isEqualTo(403);
            server.flushAudit();
            JsonNode entries = Jsons.parse(server.api().get("/api/v1/audit?actor=odd-nobody").asString()).path("audit");
            assertThat(entries).isNotEmpty();
            assertThat(entries.get(0).path("resource").asText()).isEqualTo("users");
            assertThat(entries.get(0).path("name").asText()).isEqualTo("alice");
        }
    }

    @Nested
    class EncodedChangesOutsideDocuments {
        @Test
        void a_token_created_through_a_percent_encoded_path_is_audited_under_its_decoded_name() {
            var created = server.api().body("{\"apiToken\":{\"name\":\"encoded-path-token\"}}").post("/api/v1/%61pi-tokens");
            if (created.statusCode() != 200) {
                assertThat(created.statusCode()).as("not routed at all, then").isEqualTo(404);
                return;
            }
            server.flushAudit();
            JsonNode entries = Jsons.parse(server.api().get("/api/v1/audit?resource=api-tokens").asString()).path("audit");
            assertThat(entries.findValuesAsText("name")).contains("encoded-path-token");
        }
    }

    @Nested
    class Surrogates {
        @ParameterizedTest
        @ValueSource(strings = {"\\ud800", "\\udc00", "a\\ud800b", "\\ud800\\u0041"})
        void a_lone_surrogate_in_a_string_is_a_400(String escaped) {
            Response response = server.api().body("{\"role\":{\"name\":\"surrogate\",\"title\":\"" + escaped
                    + "\",\"permissions\":[]}}").post("/api/v1/roles");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.jsonPath().getString("error")).contains("surrogate");
            assertThat(server.api().get("/api/v1/roles/surrogate").statusCode()).isEqualTo(404);
        }

        @Test
        void a_lone_surrogate_in_a_key_is_a_400() {
            Response response = server.api().body("{\"role\":{\"name\":\"surrogate-key\",\"\\ud800\":1,\"permissions\":[]}}")
                    .post("/api/v1/roles");
            assertThat(response.statusCode()).isEqualTo(400);
        }

        /** {@code text} as UTF-16 code units, lone surrogates included (an encoder would replace them). */
        private static byte[] utf16(String text, boolean bigEndian, boolean bom) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            String units = bom ? "\uFEFF" + text : text;
            for (char c : units.toCharArray()) {
                bytes.write(bigEndian ? c >> 8 : c & 0xFF);
                bytes.write(bigEndian ? c & 0xFF : c >> 8);
            }
            return bytes.toByteArray();
        }

        @ParameterizedTest
        @ValueSource(strings = {"BE", "LE", "BE with BOM", "LE with BOM"})
        void a_utf16_body_with_a_lone_surrogate_is_a_400_as_in_utf8(String encoding) {
            byte[] body = utf16("{\"role\":{\"name\":\"utf16-lone\",\"title\":\"a\uD800b\",\"permissions\":[]}}",
                    encoding.startsWith("BE"), encoding.endsWith("BOM"));
            Response response = server.api().contentType("application/json").body(body).post("/api/v1/roles");
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
            assertThat(response.jsonPath().getString("error")).contains("surrogate");
            assertThat(server.api().get("/api/v1/roles/utf16-lone").statusCode()).isEqualTo(404);
        }

        @Test
        void a_utf16_body_with_a_whole_pair_is_kept() {
            byte[] body = utf16("{\"role\":{\"name\":\"utf16-pair\",\"title\":\"\uD83D\uDE00\",\"permissions\":[]}}",
                    false, false);
            Response response = server.api().contentType("application/json").body(body).post("/api/v1/roles");
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            assertThat(server.api().get("/api/v1/roles/utf16-pair").jsonPath().getString("role.title")).isEqualTo("\uD83D\uDE00");
        }

        @Test
        void a_surrogate_pair_is_kept() {
            Response response = server.api().body("{\"role\":{\"name\":\"pair\",\"title\":\"\\ud83d\\ude00\",\"permissions\":[]}}")
                    .post("/api/v1/roles");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(server.api().get("/api/v1/roles/pair").jsonPath().getString("role.title")).isEqualTo("\uD83D\uDE00");
        }
    }
}
