package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The habits of the other connection APIs in the seeds, over HTTP: connection lists with their states
 * ({@code ?include=status}), {@code PUT /<res>/<name>} that creates, {@code Authorization: Bearer}, and dry runs that
 * say so. Each refusal stores nothing.
 */
class OtherApiHabitsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (String name : new String[] {"states-a", "states-b", "states-c"}) {
            server.create("connections", "connection", connection(name));
        }
        server.create("connections", "connection",
                "{\"name\":\"states-pg\",\"type\":\"postgres\",\"host\":\"127.0.0.1\",\"port\":1,\"database\":\"x\","
                        + "\"user\":\"u\",\"password\":\"p\"}");
        server.api().post("/api/v1/connections/states-b/stop");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String connection(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}";
    }

    private static int statusOf(String path) {
        return server.api().get(path).statusCode();
    }

    private static RequestSpecification bearer(String authorization) {
        return server.anonymous().header("Authorization", authorization);
    }

    @Nested
    class ConnectionListsWithTheirStates {
        @Test
        void include_status_answers_each_listed_connections_state_as_its_status_route_does() {
            JsonNode list = Jsons.parse(server.api().get("/api/v1/connections?include=status").asString());
            List<String> names = new ArrayList<>();
            list.get("connections").forEach(connection -> names.add(connection.get("name").asText()));
            List<String> keyed = new ArrayList<>();
            list.get("statuses").fieldNames().forEachRemaining(keyed::add);
            assertThat(keyed).as("one state per listed connection, in the list's order").isEqualTo(names)
                    .contains("states-a", "states-b", "states-c", "states-pg");
            // a stopped connection is not checked any more, so its state is stable: exactly the status route's answer
            assertThat(list.get("statuses").get("states-b"))
                    .isEqualTo(Jsons.parse(server.api().get("/api/v1/connections/states-b/status").asString()));
            assertThat(list.get("statuses").get("states-b").get("state").asText()).isEqualTo("STOPPED");
            for (String name : names) {
                JsonNode status = list.get("statuses").get(name);
                assertThat(status.get("name").asText()).isEqualTo(name);
                assertThat(status.get("state").asText()).isIn("STARTING", "RUNNING", "STOPPED", "FAILED");
            }
            // the documents themselves are unchanged: the state is beside them, never in them
            list.get("connections").forEach(connection -> assertThat(connection.has("state")).isFalse());
            assertThat(Jsons.parse(server.api().get("/api/v1/connections").asString()).get("connections"))
                    .isEqualTo(list.get("connections"));
        }

        @Test
        void paging_and_filters_keep_working_and_include_only_the_page() {
            JsonNode page = Jsons.parse(server.api().get("/api/v1/connections?type=druid&page=2&per_page=1&include=status")
                    .asString());
            assertThat(page.get("connections")).hasSize(1);
            String name = page.get("connections").get(0).get("name").asText();
            assertThat(page.get("page").asInt()).isEqualTo(2);
            assertThat(page.get("perPage").asInt()).isEqualTo(1);
            assertThat(page.get("total").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(page.get("statuses").size()).isEqualTo(1);
            assertThat(page.get("statuses").get(name).get("name").asText()).isEqualTo(name);
            JsonNode keyset = Jsons.parse(server.api().get("/api/v1/connections?per_page=2&after=states-a&include=status")
                    .asString());
            assertThat(keyset.get("connections").get(0).get("name").asText()).isEqualTo("states-b");
            assertThat(keyset.get("nextAfter").isNull() || keyset.get("nextAfter").isTextual()).isTrue();
            assertThat(keyset.get("statuses").has("states-b")).isTrue();
            JsonNode postgres = Jsons.parse(server.api().get("/api/v1/connections?type=postgres&include=status").asString());
            assertThat(postgres.get("statuses").size()).isEqualTo(postgres.get("connections").size()).isEqualTo(1);
            assertThat(postgres.get("statuses").has("states-pg")).isTrue();
        }

        @Test
        void without_connection_monitoring_there_are_no_states_to_include() {
            try (TestServer quiet = TestServer.startWith("allowConnectionTests: false\n")) {
                quiet.create("connections", "connection", connection("quiet"));
                Response refused = quiet.api().get("/api/v1/connections?include=status");
                assertThat(refused.statusCode()).isEqualTo(403);
                assertThat(refused.jsonPath().getString("error")).contains("allowConnectionTests: false");
                assertThat(quiet.api().get("/api/v1/connections").statusCode()).isEqualTo(200);
            }
        }

        @Test
        void an_unknown_include_is_a_400_naming_the_allowed_values() {
            Response unknown = server.api().get("/api/v1/connections?include=health");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.jsonPath().getString("error"))
                    .isEqualTo("cannot include 'health' in a list of connections; include is one of: status");
            assertThat(server.api().get("/api/v1/connections?include=status,health").statusCode()).isEqualTo(400);
            Response other = server.api().get("/api/v1/roles?include=status");
            assertThat(other.statusCode()).isEqualTo(400);
            assertThat(other.jsonPath().getString("error"))
                    .isEqualTo("cannot include 'status' in a list of roles; they have nothing to include");
            assertThat(server.api().get("/api/v1/connections?include=").jsonPath().getMap("$")).doesNotContainKey("statuses");
        }
    }

    @Nested
    class PutCreatesWhenAbsent {
        @Test
        void put_of_an_absent_document_creates_it_with_a_201_and_pivots_create_answer() {
            Response created = server.api().body("{\"role\":{\"permissions\":[]}}").put("/api/v1/roles/put-new");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.asString())
                    .isEqualTo("{\"status\":\"ok\",\"message\":\"Created successfully\",\"role\":{\"name\":\"put-new\",\"permissions\":[]}}");
            assertThat(created.header("ETag")).isEqualTo("\"1\"");
            assertThat(created.header("Fulcrum-Dry-Run")).isNull();
            assertThat(server.api().get("/api/v1/roles/put-new").asString())
                    .isEqualTo("{\"role\":{\"name\":\"put-new\",\"permissions\":[]}}");
            JsonNode history = Jsons.parse(server.api().get("/api/v1/roles/put-new/history").asString());
            assertThat(history.get("total").asInt()).isEqualTo(1);
            assertThat(history.get("history").get(0).get("change").asText()).isEqualTo("create");
            server.flushAudit();
            JsonNode audit = Jsons.parse(server.api().get("/api/v1/audit?resource=roles&name=put-new").asString()).get("audit");
            assertThat(audit).hasSize(1);
            assertThat(audit.get(0).get("method").asText()).isEqualTo("PUT");
            assertThat(audit.get(0).get("status").asInt()).as("the audit entry has the client's status").isEqualTo(201);

            Response updated = server.api().body("{\"role\":{\"name\":\"put-new\",\"title\":\"New\",\"permissions\":[]}}")
                    .put("/api/v1/roles/put-new");
            assertThat(updated.statusCode()).isEqualTo(200);
            assertThat(updated.jsonPath().getString("message")).isEqualTo("Updated successfully");
            assertThat(updated.header("ETag")).isEqualTo("\"2\"");
        }

        @Test
        void post_to_a_name_stays_update_only_as_in_pivot() {
            Response absent = server.api().body("{\"role\":{\"permissions\":[]}}").post("/api/v1/roles/post-absent");
            assertThat(absent.statusCode()).isEqualTo(404);
            assertThat(statusOf("/api/v1/roles/post-absent")).isEqualTo(404);
        }

        @Test
        void refused_puts_store_nothing() {
            assertThat(server.api().body("{\"role\":{\"name\":\"other\",\"permissions\":[]}}").put("/api/v1/roles/put-named")
                    .statusCode()).isEqualTo(400);
            assertThat(server.api().body("{\"role\":{\"permissions\":\"all\"}}").put("/api/v1/roles/put-named")
                    .statusCode()).isEqualTo(400);
            assertThat(server.api().body("{\"role\":{\"permissions\":[]}}").header("If-Match", "\"1\"")
                    .put("/api/v1/roles/put-named").statusCode()).isEqualTo(412);
            assertThat(server.api().body("{\"role\":{\"permissions\":[]}}").header("If-Match", "*")
                    .put("/api/v1/roles/put-named").statusCode()).isEqualTo(412);
            assertThat(server.api().body("{\"dataCube\":{\"connectionName\":\"no-such-connection\",\"source\":\"w\"}}")
                    .put("/api/v1/data-cubes/put-dangling").statusCode()).isEqualTo(400);
            assertThat(statusOf("/api/v1/roles/put-named")).isEqualTo(404);
            assertThat(statusOf("/api/v1/data-cubes/put-dangling")).isEqualTo(404);
            assertThat(statusOf("/api/v1/roles/put-named/history")).isEqualTo(404);
        }

        @Test
        void if_none_match_makes_put_create_only() {
            Response created = server.api().header("If-None-Match", "*").body("{\"role\":{\"permissions\":[]}}")
                    .put("/api/v1/roles/put-once");
            assertThat(created.statusCode()).isEqualTo(201);
            Response again = server.api().header("If-None-Match", "*").body("{\"role\":{\"title\":\"x\",\"permissions\":[]}}")
                    .put("/api/v1/roles/put-once");
            assertThat(again.statusCode()).isEqualTo(412);
            assertThat(Jsons.parse(server.api().get("/api/v1/roles/put-once").asString()).get("role").has("title")).isFalse();
        }

        @Test
        void creating_with_put_needs_what_a_create_needs() {
            server.create("connections", "connection", connection("put-cubes-source"));
            server.create("data-cubes", "dataCube", "{\"name\":\"put-existing\",\"connectionName\":\"put-cubes-source\","
                    + "\"source\":\"w\"}");
            server.api().body("{\"role\":{\"name\":\"cube-changers\",\"permissions\":[{\"name\":\"ChangeDataCubes\"}]}}")
                    .post("/api/v1/roles");
            String token = server.tokenService().create(new TokenRequest("cube-changer", "cube-changers", null, "test", null));
            RequestSpecification changer = server.anonymous().header("x-imply-api-token", token);
            Response create = changer.body("{\"dataCube\":{\"connectionName\":\"put-cubes-source\",\"source\":\"w\"}}")
                    .put("/api/v1/data-cubes/put-by-changer");
            assertThat(create.statusCode()).isEqualTo(403);
            assertThat(create.jsonPath().getString("error")).contains("creating data-cubes").contains("AdministerDataCubes");
            assertThat(statusOf("/api/v1/data-cubes/put-by-changer")).isEqualTo(404);
            Response update = server.anonymous().header("x-imply-api-token", token)
                    .body("{\"dataCube\":{\"connectionName\":\"put-cubes-source\",\"source\":\"w2\"}}")
                    .put("/api/v1/data-cubes/put-existing");
            assertThat(update.statusCode()).isEqualTo(200);
            assertThat(update.jsonPath().getString("message")).isEqualTo("Updated successfully");
        }
    }

    @Nested
    class BearerTokens {
        @ParameterizedTest
        @ValueSource(strings = {"Bearer %s", "bearer %s", "BEARER %s", "Bearer   %s  "})
        void a_bearer_token_is_accepted_with_the_scheme_in_any_case(String form) {
            Response response = bearer(String.format(form, server.token)).get("/api/v1/roles");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getList("roles")).isNotEmpty();
        }

        @Test
        void a_bearer_token_works_wherever_a_token_does_and_with_its_roles_permissions() {
            assertThat(bearer("Bearer " + server.token).get("/api/v1/export").statusCode()).isEqualTo(200);
            assertThat(bearer("Bearer " + server.token).body("{\"connection\":" + connection("bearer-made") + "}")
                    .post("/api/v1/connections").statusCode()).isEqualTo(200);
            server.api().body("{\"role\":{\"name\":\"bearer-nobody\",\"permissions\":[]}}").post("/api/v1/roles");
            String weak = server.tokenService().create(new TokenRequest("bearer-weak", "bearer-nobody", null, "test", null));
            assertThat(bearer("Bearer " + weak).get("/api/v1/connections").statusCode()).isEqualTo(403);
            assertThat(server.api().delete("/api/v1/api-tokens/bearer-weak").statusCode()).isEqualTo(200);
            Response revoked = bearer("Bearer " + weak).get("/api/v1/connections");
            assertThat(revoked.statusCode()).isEqualTo(401);
            assertThat(revoked.jsonPath().getString("error")).startsWith("invalid API token");
        }

        @Test
        void both_headers_with_the_same_token_are_fine() {
            assertThat(bearer("Bearer " + server.token).header("x-imply-api-token", server.token).get("/api/v1/roles")
                    .statusCode()).isEqualTo(200);
        }

        @Test
        void both_headers_with_different_tokens_are_a_400_and_store_nothing() {
            String other = server.tokenService().create("bearer-other");
            Response refused = bearer("Bearer " + other).header("x-imply-api-token", server.token)
                    .body("{\"connection\":" + connection("bearer-conflict") + "}").post("/api/v1/connections");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(Jsons.errorWithoutRequestId(refused)).isEqualTo("{\"error\":\"the request presents two different tokens (in x-imply-api-token"
                    + " or Authorization: Bearer, or a header given twice); send one token, in either header\"}");
            assertThat(statusOf("/api/v1/connections/bearer-conflict")).isEqualTo(404);
            assertThat(bearer("Bearer x").header("x-imply-api-token", server.token).get("/api/v1/roles").statusCode())
                    .isEqualTo(400);
        }

        @Test
        void another_scheme_presents_no_token() {
            Response basic = bearer("Basic dXNlcjpwYXNz").get("/api/v1/roles");
            assertThat(basic.statusCode()).isEqualTo(401);
            assertThat(Jsons.errorWithoutRequestId(basic)).isEqualTo("{\"error\":\"missing API token: send it in the x-imply-api-token header"
                    + " or as Authorization: Bearer <token>\"}");
            assertThat(bearer("Bearer").get("/api/v1/roles").statusCode()).isEqualTo(401);
            assertThat(bearer("Bearer ").get("/api/v1/roles").jsonPath().getString("error")).startsWith("missing API token");
            // a token in another form is not guessed at: a 400 that says how to send it
            assertThat(bearer("Bearerx " + server.token).get("/api/v1/roles").statusCode()).isEqualTo(400);
            assertThat(bearer(server.token).get("/api/v1/roles").statusCode()).isEqualTo(400);
            assertThat(bearer("Bearer\t" + server.token).get("/api/v1/roles").statusCode()).isEqualTo(200);
            // a token in the other header wins over an Authorization of another scheme
            assertThat(bearer("Basic dXNlcjpwYXNz").header("x-imply-api-token", server.token).get("/api/v1/roles")
                    .statusCode()).isEqualTo(200);
            Response malformed = bearer("Bearer not-a-token").body("{\"connection\":" + connection("bearer-bad") + "}")
                    .post("/api/v1/connections");
            assertThat(malformed.statusCode()).isEqualTo(401);
            assertThat(Jsons.errorWithoutRequestId(malformed)).isEqualTo("{\"error\":\"invalid API token: it is unknown or has been revoked\"}");
            assertThat(statusOf("/api/v1/connections/bearer-bad")).isEqualTo(404);
        }
    }

    @Nested
    class DryRunsSaySo {
        private void assertDryRun(Response response, int status) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
            assertThat(response.header("Fulcrum-Dry-Run")).isEqualTo("true");
            assertThat(Jsons.parse(response.asString()).get("dryRun").asBoolean()).isTrue();
        }

        private void assertReal(Response response, int status) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
            assertThat(response.header("Fulcrum-Dry-Run")).isNull();
            assertThat(Jsons.parse(response.asString()).has("dryRun")).isFalse();
        }

        @Test
        void every_dry_run_write_says_so_in_body_and_header_and_stores_nothing() {
            String role = "{\"role\":{\"name\":\"dry-role\",\"permissions\":[]}}";
            Response create = server.api().body(role).post("/api/v1/roles?dryRun=true");
            assertDryRun(create, 200);
            assertThat(create.asString()).isEqualTo("{\"status\":\"ok\",\"message\":\"Created successfully\",\"dryRun\":true,"
                    + "\"role\":{\"name\":\"dry-role\",\"permissions\":[]}}");
            assertThat(statusOf("/api/v1/roles/dry-role")).isEqualTo(404);
            assertDryRun(server.api().body("{\"role\":{\"permissions\":[]}}").put("/api/v1/roles/dry-role?dryRun=true"), 201);
            assertThat(statusOf("/api/v1/roles/dry-role")).isEqualTo(404);

            assertReal(server.api().body(role).post("/api/v1/roles"), 200);
            String changed = "{\"role\":{\"title\":\"Dry\",\"permissions\":[]}}";
            assertDryRun(server.api().body(changed).post("/api/v1/roles/dry-role?dryRun=true"), 200);
            assertDryRun(server.api().body(changed).put("/api/v1/roles/dry-role?dryRun=true"), 200);
            assertDryRun(server.api().body("{\"role\":{\"title\":\"Dry\"}}").patch("/api/v1/roles/dry-role?dryRun=true"), 200);
            Response delete = server.api().delete("/api/v1/roles/dry-role?dryRun=true");
            assertDryRun(delete, 200);
            assertThat(delete.asString()).isEqualTo("{\"status\":\"ok\",\"message\":\"Deleted successfully\",\"dryRun\":true}");
            assertThat(server.api().get("/api/v1/roles/dry-role").asString())
                    .isEqualTo("{\"role\":{\"name\":\"dry-role\",\"permissions\":[]}}");

            assertReal(server.api().body(changed).put("/api/v1/roles/dry-role"), 200);
            assertDryRun(server.api().post("/api/v1/roles/dry-role/history/1/restore?dryRun=true"), 200);
            assertThat(server.api().get("/api/v1/roles/dry-role").jsonPath().getString("role.title")).isEqualTo("Dry");
            assertReal(server.api().body("{\"role\":{\"title\":\"Wet\"}}").patch("/api/v1/roles/dry-role"), 200);
            assertReal(server.api().post("/api/v1/roles/dry-role/history/1/restore"), 200);
            assertThat(server.api().body(changed).post("/api/v1/roles/dry-role?dryRun=false").header("Fulcrum-Dry-Run")).isNull();
            assertThat(server.api().get("/api/v1/roles/dry-role/history").jsonPath().getInt("total")).isEqualTo(5);
            assertReal(server.api().delete("/api/v1/roles/dry-role"), 200);
        }

        @Test
        void an_import_dry_run_says_so_in_its_header_and_its_plans_dry_run_field() {
            String bundle = "{\"fulcrumBundle\":1,\"resources\":{\"roles\":[{\"name\":\"dry-imported\",\"permissions\":[]}]}}";
            Response dry = server.api().body(bundle).post("/api/v1/import?dryRun=true");
            assertDryRun(dry, 200);
            assertThat(statusOf("/api/v1/roles/dry-imported")).isEqualTo(404);
            Response real = server.api().body(bundle).post("/api/v1/import");
            assertThat(real.statusCode()).as(real.asString()).isEqualTo(200);
            assertThat(real.header("Fulcrum-Dry-Run")).isNull();
            assertThat(real.jsonPath().getBoolean("dryRun")).isFalse();
            assertThat(statusOf("/api/v1/roles/dry-imported")).isEqualTo(200);
        }

        @Test
        void a_refused_dry_run_is_the_same_refusal() {
            Response invalid = server.api().body("{\"role\":{\"name\":\"dry-bad\",\"permissions\":\"all\"}}")
                    .post("/api/v1/roles?dryRun=true");
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(Jsons.parse(invalid.asString()).has("dryRun")).isFalse();
            assertThat(statusOf("/api/v1/roles/dry-bad")).isEqualTo(404);
        }
    }
}
