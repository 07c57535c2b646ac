package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A top-level field no kind declares whose name looks like a secret is a 400 pointing to {@code secureJsonData},
 * instead of a value stored and returned in clear ("Secrets" in the README). Declared fields of that look, such
 * as a PostgreSQL connection's {@code password}, keep working; other unknown fields are still kept.
 */
class SecretLookingFieldsTest {
    private static final String VALUE = "looks-secret-5b0e77";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response post(String resource, String body) {
        return server.api().body(body).post("/api/v1/" + resource);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"aws_access_secrets", "aws_access_key", "apiToken", "Private-Key", "accessKeyId", "CLIENT_SECRET",
        "db.password", "credentials", "refresh token", "PASSWORD"})
    void an_unknown_field_named_like_a_secret_is_refused_with_a_pointer_to_secure_json_data(String field) {
        Response refused = post("connections", "{\"connection\":{\"name\":\"looks\",\"type\":\"druid\",\"queryHosts\":[\"h\"],"
                + "\"" + field + "\":\"" + VALUE + "\"}}");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("error")).contains(field).contains("secureJsonData");
        assertThat(refused.asString()).doesNotContain(VALUE);
        assertThat(server.api().get("/api/v1/connections/looks").statusCode()).isEqualTo(404);
    }

    @Test
    void every_kind_refuses_them_whatever_the_value() {
        for (String body : new String[] {"{\"dashboard\":{\"name\":\"d-looks\",\"apiToken\":\"" + VALUE + "\"}}",
                "{\"dashboard\":{\"name\":\"d-looks\",\"client_secret\":{\"v\":\"" + VALUE + "\"}}}",
                "{\"dashboard\":{\"name\":\"d-looks\",\"password\":12345}}"}) {
            Response refused = post("dashboards", body);
            assertThat(refused.statusCode()).as(body + " " + refused.asString()).isEqualTo(400);
            assertThat(refused.asString()).contains("secureJsonData").doesNotContain(VALUE);
        }
        Response role = post("roles", "{\"role\":{\"name\":\"r-looks\",\"accessKey\":\"" + VALUE + "\"}}");
        assertThat(role.statusCode()).isEqualTo(400);
        assertThat(server.api().get("/api/v1/dashboards/d-looks").statusCode()).isEqualTo(404);
    }

    @Test
    void it_is_one_more_problem_reported_with_the_others() {
        Response refused = post("connections", "{\"connection\":{\"name\":\"looks-2\",\"type\":\"druid\",\"queryHosts\":[\"h\"],"
                + "\"protocol\":\"https\",\"apiToken\":\"" + VALUE + "\"}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getList("details.path")).contains("connection.protocol", "connection.apiToken");
    }

    @Test
    void declared_fields_of_that_look_and_other_unknown_fields_keep_working() {
        Response declared = post("connections", "{\"connection\":{\"name\":\"pg-looks\",\"type\":\"postgres\",\"host\":\"db\","
                + "\"database\":\"d\",\"user\":\"u\",\"password\":\"" + VALUE + "\",\"connection_method\":\"aws_keys\","
                + "\"keyspace\":\"k\",\"tokenizer\":\"standard\"}}");
        assertThat(declared.statusCode()).as(declared.asString()).isEqualTo(200);
        assertThat(declared.jsonPath().getString("connection.password")).isEqualTo("********");
        assertThat(declared.jsonPath().getString("connection.connection_method")).isEqualTo("aws_keys");
        Response socks = post("connections", "{\"connection\":{\"name\":\"druid-looks\",\"type\":\"druid\",\"queryHosts\":[\"h\"],"
                + "\"sockPassword\":\"" + VALUE + "\",\"passphrase\":\"" + VALUE + "\",\"key\":\"" + VALUE + "\"}}");
        assertThat(socks.statusCode()).as(socks.asString()).isEqualTo(200);
    }

    @Test
    void a_patch_adding_one_is_refused_too() {
        post("dashboards", "{\"dashboard\":{\"name\":\"d-patched\"}}");
        Response refused = server.api().body("{\"dashboard\":{\"x-api-token\":\"" + VALUE + "\"}}").patch("/api/v1/dashboards/d-patched");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.asString()).contains("secureJsonData").doesNotContain(VALUE);
    }
}
