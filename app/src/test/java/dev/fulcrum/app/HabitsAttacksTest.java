package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a black-box attack on the other APIs' habits (secureJsonData, dry runs, Bearer tokens, all problems at once)
 * found, each written as the attack: a misspelled option must not turn a dry run into a real write, a failing write
 * must not tell which documents of an unreadable kind exist, a secret under another spelling or deeper in the body
 * must not be stored in clear, and two tokens in one request are a 400, not a guess.
 */
class HabitsAttacksTest {
    private static final String VALUE = "attack-secret-91c4";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("connections", "connection", "{\"name\":\"hidden-conn\",\"type\":\"druid\",\"queryHosts\":[\"h\"]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int statusOf(String path) {
        return server.api().get(path).statusCode();
    }

    @Nested
    class MisspelledOptionsOnWrites {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"dryrun=true", "dry_run=true", "DryRun=true", "dryRun=false&dryRun=true",
            "dryRun=true&dryRun=true", "dryRun=true&force=1"})
        void a_create_with_a_misspelled_or_repeated_option_is_a_400_and_stores_nothing(String query) {
            Response refused = server.api().body("{\"role\":{\"name\":\"spelled\",\"permissions\":[]}}")
                    .post("/api/v1/roles?" + query);
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            assertThat(refused.jsonPath().getString("error")).contains("dryRun");
            assertThat(statusOf("/api/v1/roles/spelled")).isEqualTo(404);
        }

        @Test
        void every_document_write_refuses_them() {
            server.create("roles", "role", "{\"name\":\"kept\",\"permissions\":[]}");
            String body = "{\"role\":{\"title\":\"changed\",\"permissions\":[]}}";
            assertThat(server.api().body(body).post("/api/v1/roles/kept?dryrun=true").statusCode()).isEqualTo(400);
            assertThat(server.api().body(body).put("/api/v1/roles/kept?dryrun=true").statusCode()).isEqualTo(400);
            assertThat(server.api().body(body).patch("/api/v1/roles/kept?dryrun=true").statusCode()).isEqualTo(400);
            assertThat(server.api().post("/api/v1/roles/kept/history/1/restore?dryrun=true").statusCode()).isEqualTo(400);
            assertThat(server.api().delete("/api/v1/roles/kept?dryrun=true").statusCode()).isEqualTo(400);
            assertThat(server.api().get("/api/v1/roles/kept").asString()).isEqualTo("{\"role\":{\"name\":\"kept\",\"permissions\":[]}}");
            assertThat(server.api().get("/api/v1/roles/kept/history").jsonPath().getInt("total")).isEqualTo(1);
            // what a write does take still works, ?pretty included
            assertThat(server.api().body(body).post("/api/v1/roles/kept?dryRun=true&pretty").statusCode()).isEqualTo(200);
        }

        @Test
        void the_answers_dry_run_header_sent_in_a_request_or_a_stray_ampersand_is_a_400() throws Exception {
            Response header = server.api().header("Fulcrum-Dry-Run", "true").body("{\"role\":{\"name\":\"headed\",\"permissions\":[]}}")
                    .post("/api/v1/roles");
            assertThat(header.statusCode()).isEqualTo(400);
            assertThat(header.jsonPath().getString("error")).contains("?dryRun=true");
            // sent as it is: RestAssured would drop the stray &
            HttpResponse<String> stray = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + "/api/v1/roles?dryRun=true&")).header("x-imply-api-token", server.token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"role\":{\"name\":\"headed\",\"permissions\":[]}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stray.statusCode()).isEqualTo(400);
            assertThat(stray.body()).contains("without a name");
            assertThat(statusOf("/api/v1/roles/headed")).isEqualTo(404);
            Response longValue = server.api().body("{\"role\":{\"name\":\"headed\",\"permissions\":[]}}")
                    .post("/api/v1/roles?dryRun=" + "A".repeat(3_000));
            assertThat(longValue.statusCode()).isEqualTo(400);
            assertThat(longValue.asString().length()).isLessThan(300);
        }

        @Test
        void a_dry_run_asked_of_a_route_that_has_none_is_a_400_not_a_real_change() {
            Response token = server.api().body("{\"apiToken\":{\"name\":\"dry-token\",\"role\":\"super-admin\"}}")
                    .post("/api/v1/api-tokens?dryRun=true");
            assertThat(token.statusCode()).as(token.asString()).isEqualTo(400);
            assertThat(token.jsonPath().getString("error")).contains("dryRun");
            assertThat(token.asString()).doesNotContain("fulcrum_");
            assertThat(statusOf("/api/v1/api-tokens/dry-token")).isEqualTo(404);

            Response stop = server.api().post("/api/v1/connections/hidden-conn/stop?dryRun=true");
            assertThat(stop.statusCode()).as(stop.asString()).isEqualTo(400);
            assertThat(server.api().get("/api/v1/connections/hidden-conn/status").jsonPath().getString("state"))
                    .isNotEqualTo("STOPPED");
            assertThat(server.api().post("/api/v1/connections/hidden-conn/fail?dryRun=true").statusCode()).isEqualTo(400);
            assertThat(server.api().post("/api/v1/connections/hidden-conn/test?dryRun=true").statusCode()).isEqualTo(400);

            String revoked = server.tokenService().create(new TokenRequest("kept-token", "super-admin", null, "cli", null));
            assertThat(server.api().delete("/api/v1/api-tokens/kept-token?dryRun=true").statusCode()).isEqualTo(400);
            assertThat(server.anonymous().header("x-imply-api-token", revoked).get("/api/v1/roles").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class FailingWritesTellNothingOfUnreadableKinds {
        @Test
        void an_invalid_cube_does_not_say_whether_a_connection_it_may_not_read_exists() {
            server.create("roles", "role", "{\"name\":\"cubes-only\",\"permissions\":[{\"name\":\"AdministerDataCubes\"}]}");
            String weak = server.tokenService().create(new TokenRequest("cubes-only", "cubes-only", null, "cli", null));
            assertThat(server.anonymous().header("x-imply-api-token", weak).get("/api/v1/connections").statusCode())
                    .isEqualTo(403);
            String existing = refusal(weak, "hidden-conn");
            String absent = refusal(weak, "no-such-conn");
            assertThat(existing).isEqualTo(absent.replace("no-such-conn", "hidden-conn"));
            assertThat(absent).doesNotContain("does not exist");
        }

        @Test
        void giving_a_role_the_caller_may_not_read_does_not_say_whether_it_exists_or_what_it_grants() {
            server.create("roles", "role", "{\"name\":\"hidden-role\",\"permissions\":[{\"name\":\"ExportSecrets\"}]}");
            server.create("roles", "role", "{\"name\":\"users-only\",\"permissions\":[{\"name\":\"ManageUsers\"},"
                    + "{\"name\":\"ManageApiTokens\"}]}");
            String weak = server.tokenService().create(new TokenRequest("users-only", "users-only", null, "cli", null));
            assertThat(server.anonymous().header("x-imply-api-token", weak).get("/api/v1/roles").statusCode()).isEqualTo(403);
            String existing = userWithRole(weak, "hidden-role");
            String absent = userWithRole(weak, "ghost-role");
            assertThat(existing).isEqualTo(absent.replace("ghost-role", "hidden-role"));
            assertThat(existing).doesNotContain("ExportSecrets");
            String tokenExisting = tokenWithRole(weak, "hidden-role", "t1");
            String tokenAbsent = tokenWithRole(weak, "ghost-role", "t1");
            assertThat(tokenExisting).isEqualTo(tokenAbsent.replace("ghost-role", "hidden-role")).doesNotContain("ExportSecrets");
            assertThat(tokenWithRole(weak, "hidden-role", "bad name!")).isEqualTo(tokenWithRole(weak, "ghost-role", "bad name!"));
        }

        private String userWithRole(String token, String role) {
            Response refused = server.anonymous().header("x-imply-api-token", token)
                    .body("{\"user\":{\"name\":\"u-" + role + "@example.com\",\"roles\":[\"" + role + "\"]}}").post("/api/v1/users");
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(403);
            return refused.asString().replace("u-" + role, "u-ROLE");
        }

        private String tokenWithRole(String token, String role, String name) {
            Response refused = server.anonymous().header("x-imply-api-token", token)
                    .body("{\"apiToken\":{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}}").post("/api/v1/api-tokens");
            assertThat(refused.statusCode()).as(refused.asString()).isIn(400, 403);
            return refused.statusCode() + " " + refused.asString();
        }

        private String refusal(String token, String connection) {
            Response refused = server.anonymous().header("x-imply-api-token", token)
                    .body("{\"dataCube\":{\"name\":\"probe\",\"source\":7,\"connectionName\":\"" + connection + "\"}}")
                    .post("/api/v1/data-cubes");
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            return refused.asString();
        }
    }

    @Nested
    class SecretsUnderOtherSpellings {
        /** Posts a connection with {@code field}, as UTF-8 bytes (a String body would be sent in ISO-8859-1). */
        private Response post(String field, String value) {
            String body = "{\"connection\":{\"name\":\"spelled-secret\",\"type\":\"druid\",\"queryHosts\":[\"h\"],"
                    + "\"" + field + "\":" + value + "}}";
            return server.api().body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/connections");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"SecureJsonData", "secure_json_data", "secureJSONData", "SecureJsonFields"})
        void another_spelling_of_secure_json_data_is_refused_not_stored(String field) {
            Response refused = post(field, "{\"password\":\"" + VALUE + "\"}");
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            assertThat(refused.asString()).contains("secureJsonData").doesNotContain(VALUE);
            assertThat(statusOf("/api/v1/connections/spelled-secret")).isEqualTo(404);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"pw", "pass", "pwd", "db_pass", "authorization", "dsn", "connection_string", "connString",
            "p\u0430ssword", "\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44", "SECRET\u200b", "connStr", "conn_str", "priv_key",
            "privkey", "ssh_key", "authHeader", "authorizationHeader", "tokenValue", "refresh_token_value", "DSN_url",
            "pa\u0301ssword", "passw\u0585rd", "\u13e2assword", "p\u0251ssword", "\u1d18\u1d00ss\u1d21\u1d0f\u0280\u1d05",
            "\u2118assword"})
        void short_names_and_lookalike_letters_are_refused(String field) {
            Response refused = post(field, "\"" + VALUE + "\"");
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            assertThat(refused.asString()).contains("secureJsonData").doesNotContain(VALUE);
            assertThat(statusOf("/api/v1/connections/spelled-secret")).isEqualTo(404);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"extra", "decoratorOptions", "options"})
        void a_secret_inside_an_object_is_refused(String field) {
            Response refused = post(field, "{\"user\":\"u\",\"nested\":{\"password\":\"" + VALUE + "\"}}");
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            assertThat(refused.jsonPath().getList("details.path")).contains("connection." + field + ".nested.password");
            assertThat(refused.asString()).doesNotContain(VALUE);
            assertThat(statusOf("/api/v1/connections/spelled-secret")).isEqualTo(404);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"\"{\\\"password\\\": \\\"" + VALUE + "\\\"}\"",
            "[{\"key\": \"password\", \"value\": \"" + VALUE + "\"}]", "[{\"name\": \"api_key\", \"value\": \"" + VALUE + "\"}]",
            "{\"secureJsonData\": {\"k\": \"" + VALUE + "\"}}", "\"https://db.example.com/x?user=u&password=" + VALUE + "\"",
            "\"jdbc:mysql://h/db;password=" + VALUE + "\"", "\"//admin:" + VALUE + "@db\""})
        void a_secret_in_json_text_in_a_pair_or_in_a_query_is_refused(String value) {
            Response refused = post("extra", value);
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            assertThat(refused.asString()).doesNotContain(VALUE);
            assertThat(statusOf("/api/v1/connections/spelled-secret")).isEqualTo(404);
        }

        @Test
        @Timeout(60) // a hang guard, not a measure: the backtracking pattern would take about ten minutes here
        void a_long_url_like_string_is_checked_in_linear_time() {
            // a backtracking pattern took 13.6 s for 32,000 characters; the body limit allows far more
            String many = ("http://" + "a".repeat(3_000) + "@" + "b:".repeat(1_000) + " ").repeat(20);
            Response answer = server.api().body("{\"dashboard\":{\"name\":\"long-url\",\"t\":\"http://" + "a".repeat(200_000)
                    + "\",\"u\":\"" + many + "\"}}").post("/api/v1/dashboards?dryRun=true");
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        }

        @Test
        void a_password_inside_a_url_is_refused() {
            Response refused = post("metadataUrl", "\"postgres://admin:" + VALUE + "@db.example.com:5432/x\"");
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
            assertThat(refused.asString()).contains("secureJsonData").doesNotContain(VALUE);
            assertThat(post("metadataUrl", "\"https://user@db.example.com/x\"").statusCode()).isEqualTo(200);
            server.api().delete("/api/v1/connections/spelled-secret");
        }

        @Test
        void a_password_sent_without_its_quotes_is_not_echoed() {
            Response refused = server.api().body("{\"connection\":{\"name\":\"unquoted\",\"password\":" + VALUE.replace("-", "")
                    + "}}").post("/api/v1/connections");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.jsonPath().getString("error"))
                    .isEqualTo("malformed JSON at line 1, column 45: an unquoted word where a value belongs (a string needs double quotes)");
        }

        @Test
        void the_read_only_secure_json_fields_of_another_kind_are_refused() {
            Response cube = server.api().body("{\"dashboard\":{\"name\":\"forged\",\"secureJsonFields\":{\"password\":true}}}")
                    .post("/api/v1/dashboards");
            assertThat(cube.statusCode()).as(cube.asString()).isEqualTo(400);
            assertThat(statusOf("/api/v1/dashboards/forged")).isEqualTo(404);
        }
    }

    @Nested
    class SecureJsonDataLimits {
        @Test
        void the_mask_is_not_a_value_and_keys_are_bounded() {
            String start = "{\"connection\":{\"name\":\"bounded\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"secureJsonData\":";
            Response mask = server.api().body(start + "{\"apiKey\":\"********\"}}}").post("/api/v1/connections");
            assertThat(mask.statusCode()).as(mask.asString()).isEqualTo(400);
            assertThat(mask.jsonPath().getString("error")).contains("********");
            StringBuilder many = new StringBuilder("{");
            for (int i = 0; i < 101; i++) {
                many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
            }
            assertThat(server.api().body(start + many + "}}}").post("/api/v1/connections").statusCode()).isEqualTo(400);
            assertThat(server.api().body(start + "{\"a\\u0000b\":\"v\"}}}").post("/api/v1/connections").statusCode())
                    .isEqualTo(400);
            assertThat(server.api().body(start + "{\"" + "k".repeat(201) + "\":\"v\"}}}").post("/api/v1/connections")
                    .statusCode()).isEqualTo(400);
            assertThat(statusOf("/api/v1/connections/bounded")).isEqualTo(404);
            for (String bad : new String[] {"{\"k\":\"*******\"}", "{\"k\":\"******** \"}", "{\"k\":\"\uff0a\uff0a\uff0a\uff0a\"}",
                "{\" \":\"v\"}", "{\"\u3164\":\"v\"}", "{\"\u2800\":\"v\"}", "{\"\u0301\":\"v\"}", "{\"Key\":\"a\",\"key\":\"b\"}",
                "{\"\u00e9\":\"a\",\"e\u0301\":\"b\"}"}) {
                Response refused = server.api().body((start + bad + "}}").getBytes(StandardCharsets.UTF_8)).post("/api/v1/connections");
                assertThat(refused.statusCode()).as(bad + " " + refused.asString()).isEqualTo(400);
            }
            Response emoji = server.api().body((start + "{\"" + "\ud83d\ude00".repeat(200) + "\":\"v\"}}}")
                    .getBytes(StandardCharsets.UTF_8)).post("/api/v1/connections?dryRun=true");
            assertThat(emoji.statusCode()).as("200 characters, 400 UTF-16 units").isEqualTo(200);
            Response fine = server.api().body(start + "{\"api.key-1_b\":\"v\"}}}").post("/api/v1/connections");
            assertThat(fine.statusCode()).as(fine.asString()).isEqualTo(200);
            assertThat(fine.jsonPath().getBoolean("connection.secureJsonFields.'api.key-1_b'")).isTrue();
        }
    }

    @Nested
    class TokensInHeaders {
        private HttpResponse<String> get(String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/roles"));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void two_tokens_in_repeated_headers_are_a_400_whichever_header() throws Exception {
            String other = server.tokenService().create(new TokenRequest("second", "super-admin", null, "cli", null));
            HttpResponse<String> bearers = get("Authorization", "Bearer " + server.token, "Authorization", "Bearer " + other);
            assertThat(bearers.statusCode()).as(bearers.body()).isEqualTo(400);
            HttpResponse<String> implies = get("x-imply-api-token", server.token, "x-imply-api-token", other);
            assertThat(implies.statusCode()).as(implies.body()).isEqualTo(400);
            HttpResponse<String> badFirst = get("Authorization", "Bearer fulcrum_wrong", "Authorization", "Bearer " + server.token);
            assertThat(badFirst.statusCode()).isEqualTo(400);
            assertThat(get("Authorization", "Bearer " + server.token, "Authorization", "Bearer " + server.token).statusCode())
                    .isEqualTo(200);
        }

        @Test
        void a_token_in_another_form_of_authorization_beside_another_token_is_a_400() throws Exception {
            String other = server.tokenService().create(new TokenRequest("third", "super-admin", null, "cli", null));
            for (String authorization : new String[] {"Bearer\t" + other, other, "Token " + other, "Bearer:" + other}) {
                HttpResponse<String> refused = get("x-imply-api-token", server.token, "Authorization", authorization);
                assertThat(refused.statusCode()).as(authorization).isEqualTo(400);
            }
        }

        @Test
        void a_401_names_the_bearer_scheme() throws Exception {
            assertThat(get().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"fulcrum\"");
            assertThat(get("Authorization", "Bearer fulcrum_x").headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"fulcrum\"");
            String revoked = server.tokenService().create(new TokenRequest("gone", "super-admin", null, "cli", null));
            server.api().delete("/api/v1/api-tokens/gone");
            HttpResponse<String> refused = get("Authorization", "Bearer " + revoked);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"fulcrum\"");
            assertThat(get("x-imply-api-token", server.token).headers().firstValue("WWW-Authenticate")).isEmpty();
        }
    }

    @Nested
    class OddMethods {
        @Test
        void a_refusal_with_a_method_of_thirty_letters_is_audited_as_other_not_dropped_with_its_second() {
            // the third black-box review: the audit column holds 16 characters, so the entry, and every refusal
            // gathered with it in that second, was dropped
            Response refused = server.unidentified().header("x-imply-api-token", "fulcrum_guess").request("Q".repeat(30),
                    "/api/v1/data-cubes/odd-method");
            assertThat(refused.statusCode()).isEqualTo(401);
            server.flushAudit();
            JsonNode entries = Jsons.parse(server.api().get("/api/v1/audit?resource=data-cubes&name=odd-method").asString())
                    .get("audit");
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).path("method").asText()).isEqualTo("OTHER");
        }
    }

    @Nested
    class Includes {
        @Test
        void an_empty_or_repeated_include_is_a_400_and_an_unknown_one_is_not_echoed_whole() {
            assertThat(statusOf("/api/v1/connections?include=")).isEqualTo(400);
            assertThat(statusOf("/api/v1/connections?include=status&include=status")).isEqualTo(400);
            assertThat(statusOf("/api/v1/connections?include=status,status")).isEqualTo(400);
            Response unknown = server.api().get("/api/v1/connections?include=" + "x".repeat(5_000));
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.asString().length()).isLessThan(400);
            assertThat(statusOf("/api/v1/connections?include=status%00")).isEqualTo(400);
            assertThat(statusOf("/api/v1/connections?include=%0bstatus")).isEqualTo(400);
            assertThat(statusOf("/api/v1/connections?include=status")).isEqualTo(200);
        }
    }
}
