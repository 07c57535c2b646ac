package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP contract shared by every resource: tokens, errors, limits, pretty printing, health. */
class HttpContractTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Nested
    class Tokens {
        @Test
        void a_request_without_a_token_is_401() {
            Response response = server.anonymous().get("/api/v1/data-cubes");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.jsonPath().getString("error")).contains("x-imply-api-token");
        }

        @ParameterizedTest
        @ValueSource(strings = {" ", "not-a-token", "fulcrum_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "ea750788-9ee5-4498-b2eb-ea25d7a62af5"})
        void an_empty_malformed_or_unknown_token_is_401(String token) {
            Response response = server.anonymous().header("x-imply-api-token", token).get("/api/v1/data-cubes");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.jsonPath().getString("error")).isNotBlank();
        }

        @Test
        void a_well_formed_token_that_was_never_issued_is_401() {
            String stranger = server.api().get("/health").asString(); // any request, to warm up
            assertThat(stranger).contains("ok");
            String forged = server.token.substring(0, 20) + (server.token.charAt(20) == 'a' ? 'b' : 'a')
                    + server.token.substring(21);
            assertThat(server.anonymous().header("x-imply-api-token", forged).get("/api/v1/users").statusCode())
                    .isEqualTo(401);
        }

        @Test
        void a_revoked_token_is_refused_at_once_by_the_server_that_revoked_it_and_a_new_one_works_at_once() {
            String raw = appTokens().create("short-lived");
            assertThat(server.anonymous().header("x-imply-api-token", raw).get("/api/v1/users").statusCode()).isEqualTo(200);
            assertThat(appTokens().revoke("short-lived")).isTrue();
            assertThat(server.anonymous().header("x-imply-api-token", raw).get("/api/v1/users").statusCode()).isEqualTo(401);
        }

        @Test
        void the_token_header_name_is_case_insensitive() {
            assertThat(server.anonymous().header("X-Imply-Api-Token", server.token).get("/api/v1/roles").statusCode())
                    .isEqualTo(200);
        }

        private dev.fulcrum.app.tokens.TokenService appTokens() {
            return AppAccess.tokens(server);
        }
    }

    @Nested
    class Errors {
        @Test
        void an_unknown_resource_is_404_not_found() {
            Response response = server.api().get("/api/v1/widgets");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Jsons.errorWithoutRequestId(response)).isEqualTo("{\"error\":\"Not found.\"}");
            assertThat(server.api().body("{}").post("/api/v1/widgets/x").statusCode()).isEqualTo(404);
        }

        @Test
        void an_unsupported_method_is_405_with_a_json_error() {
            Response response = server.api().put("/api/v1/data-cubes");
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.jsonPath().getString("error")).contains("PUT");
        }

        @Test
        void a_declared_content_length_over_max_body_bytes_is_refused_before_the_body_is_sent() throws IOException {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                String head = "POST /api/v1/data-cubes HTTP/1.1\r\nHost: 127.0.0.1\r\nx-imply-api-token: " + server.token
                        + "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"dataCube\":";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                String response = new String(socket.getInputStream().readNBytes(400), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 413").contains("maxBodyBytes");
            }
        }

        @Test
        void a_chunked_body_over_the_limit_is_413_too() throws IOException {
            assertThat(postLarge("chunked", true)).isEqualTo(413);
            assertThat(server.api().get("/api/v1/data-cubes/chunked").statusCode()).isEqualTo(404);
        }

        @Test
        void the_413_says_what_the_limit_is() {
            String big = "{\"dataCube\":{\"name\":\"big2\",\"title\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}}";
            Response response = server.api().header("Expect", "100-continue").body(big).post("/api/v1/data-cubes");
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.jsonPath().getString("error")).contains("maxBodyBytes");
        }

        /** Posts a 4.8 MB data cube; the server may answer and close before it is all sent, as it should. */
        private int postLarge(String name, boolean chunked) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/data-cubes").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            byte[] head = ("{\"dataCube\":{\"name\":\"" + name + "\",\"title\":\"").getBytes(StandardCharsets.UTF_8);
            byte[] filler = "y".repeat(8192).getBytes(StandardCharsets.UTF_8);
            byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
            int chunks = 600;
            if (chunked) {
                connection.setChunkedStreamingMode(8192);
            } else {
                connection.setFixedLengthStreamingMode(head.length + (long) filler.length * chunks + tail.length);
            }
            connection.setRequestProperty("x-imply-api-token", server.token);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(head);
                for (int i = 0; i < chunks; i++) {
                    out.write(filler);
                }
                out.write(tail);
            } catch (IOException serverClosedEarly) {
                // expected when the server refuses early; the status still tells
            }
            return connection.getResponseCode();
        }

        @Test
        void deeply_nested_json_is_a_400_not_a_crash() {
            String deep = "{\"dataCube\":{\"name\":\"deep\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}";
            Response response = server.api().body(deep).post("/api/v1/data-cubes");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.jsonPath().getString("error")).contains("nested");
        }

        @Test
        void json_nested_100_levels_deep_is_accepted_and_101_is_a_400() {
            // the wrapper and the document are two levels; the arrays make up the rest
            String hundred = "{\"dashboard\":{\"name\":\"deep-100\",\"x\":" + "[".repeat(98) + "]".repeat(98) + "}}";
            Response accepted = server.api().body(hundred).post("/api/v1/dashboards");
            assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(200);
            assertThat(server.api().get("/api/v1/dashboards/deep-100").statusCode()).isEqualTo(200);
            String deeper = hundred.replace("deep-100", "deep-101").replace("[]", "[[]]");
            Response refused = server.api().body(deeper).post("/api/v1/dashboards");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.jsonPath().getString("error")).contains("nested");
            assertThat(server.api().get("/api/v1/dashboards/deep-101").statusCode()).isEqualTo(404);
        }

        @Test
        void field_problems_come_with_their_paths() {
            Response response = server.api().body("{\"user\":{\"name\":\"bad name\"}}").post("/api/v1/users");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.jsonPath().getString("details[0].path")).isEqualTo("user.name");
            assertThat(response.jsonPath().getString("details[0].message")).contains("not a valid name");
        }

        @Test
        void errors_never_carry_a_stack_trace() {
            Response response = server.api().body("{\"dataCube\": {\"name\": [1,2,}").post("/api/v1/data-cubes");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.asString()).doesNotContain("at dev.", "at com.", "Exception", "[Source");
        }
    }

    @Nested
    class Bodies {
        @Test
        void json_is_accepted_whatever_the_content_type() {
            Response response = server.api().header("Content-Type", "application/x-www-form-urlencoded")
                    .body("{\"role\":{\"name\":\"form-encoded\"}}").post("/api/v1/roles");
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        }

        @Test
        void unknown_fields_numbers_and_unicode_are_kept_exactly() {
            String document = "{\"name\":\"exact\",\"title\":\"Ünïcødé ✓ \\\"quoted\\\"\",\"ratio\":1.10,"
                    + "\"big\":12345678901234567890,\"nested\":{\"a\":[1,{\"b\":null}]}}";
            Response created = server.api().header("Content-Type", "application/json; charset=utf-8")
                    .body("{\"dashboard\":" + document + "}").post("/api/v1/dashboards");
            assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
            Response read = server.api().get("/api/v1/dashboards/exact");
            assertThat(new String(read.asByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"dashboard\":" + document + "}");
        }

        @Test
        void names_may_be_email_addresses_with_plus_signs() {
            server.create("users", "user", "{\"name\":\"some.user+tag@imply.io\"}");
            Response read = server.api().get("/api/v1/users/some.user+tag@imply.io");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.jsonPath().getString("user.name")).isEqualTo("some.user+tag@imply.io");
        }

        @Test
        void a_new_user_asking_for_a_welcome_email_is_told_email_is_not_configured() {
            Response response = server.api().body("{\"user\":{\"name\":\"welcome@imply.io\"},\"sendWelcomeEmail\":true}")
                    .post("/api/v1/users");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getString("sendEmailStatus")).isEqualTo("not-configured");
            Response quiet = server.api().body("{\"user\":{\"name\":\"quiet@imply.io\"}}").post("/api/v1/users");
            assertThat(Jsons.parse(quiet.asString()).has("sendEmailStatus")).isFalse();
        }
    }

    @Nested
    class Pretty {
        @ParameterizedTest
        @ValueSource(strings = {"?pretty", "?pretty=true"})
        void pretty_prints_with_two_spaces(String query) {
            server.create("roles", "role", "{\"name\":\"pretty-role\",\"permissions\":[]}");
            String body = server.api().get("/api/v1/roles/pretty-role" + query).asString();
            assertThat(body).isEqualTo("{\n  \"role\": {\n    \"name\": \"pretty-role\",\n    \"permissions\": []\n  }\n}\n");
        }

        @Test
        void errors_are_pretty_printed_too() {
            String body = server.anonymous().get("/api/v1/roles?pretty").asString();
            assertThat(body).startsWith("{\n  \"error\": ");
        }

        @Test
        void without_pretty_the_output_is_compact() {
            server.create("roles", "role", "{\"name\":\"compact-role\"}");
            assertThat(server.api().get("/api/v1/roles/compact-role").asString())
                    .isEqualTo("{\"role\":{\"name\":\"compact-role\"}}");
        }
    }

    @Test
    void health_needs_no_token_and_says_ok() {
        Response response = server.anonymous().get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Jsons.parse(response.asString())).isEqualTo(Jsons.parse("{\"status\":\"ok\"}"));
    }

    @Test
    void responses_are_json_with_utf8() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port()
                + "/api/v1/users").toURL().openConnection();
        connection.setRequestProperty("x-imply-api-token", server.token);
        assertThat(connection.getContentType().replace(" ", "")).isEqualTo("application/json;charset=utf-8");
        try (InputStream in = connection.getInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("{\"users\":[");
        }
    }
}
