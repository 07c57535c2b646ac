package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v1/connection-types describes what validation enforces, and the database types validate. */
class ConnectionTypesTest {

    @Test
    void the_listing_names_every_type_with_its_required_and_secret_fields_and_defaults() {
        try (TestServer server = TestServer.start()) {
            Response response = server.api().get("/api/v1/connection-types");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getList("connectionTypes.type")).containsExactly("druid", "druidsql", "postgres", "mysql");
            assertThat(response.jsonPath().getList("connectionTypes.find { it.type == 'druid' }.fields.findAll { it.required }.name"))
                    .containsExactly("queryHosts");
            assertThat(response.jsonPath().getList("connectionTypes.find { it.type == 'druid' }.fields.findAll { it.secret }.name"))
                    .containsExactlyInAnyOrder("key", "passphrase", "sockPassword");
            assertThat(response.jsonPath().getList("connectionTypes.find { it.type == 'postgres' }.fields.findAll { it.required }.name"))
                    .containsExactly("host", "database", "user");
            assertThat(response.jsonPath().getInt("connectionTypes.find { it.type == 'mysql' }.fields.find { it.name == 'port' }.default"))
                    .isEqualTo(3306);
            assertThat(response.jsonPath().getList("connectionTypes.find { it.type == 'druid' }.fields.find { it.name == 'protocol' }.choices"))
                    .isEqualTo(List.of("plain", "tls", "tls-loose"));
            assertThat(server.anonymous().get("/api/v1/connection-types").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void database_connections_validate_default_and_hide_their_password() {
        try (TestServer server = TestServer.start()) {
            Response missing = server.api().body("{\"connection\":{\"name\":\"pg\",\"type\":\"postgres\",\"host\":\"db\"}}")
                    .post("/api/v1/connections");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.jsonPath().getList("details.path")).containsExactly("connection.database", "connection.user");
            Response created = server.api().body("{\"connection\":{\"name\":\"pg\",\"type\":\"postgres\",\"host\":\"db\","
                    + "\"database\":\"analytics\",\"user\":\"etl\",\"password\":\"pg-secret-1\"}}").post("/api/v1/connections");
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.jsonPath().getInt("connection.port")).isEqualTo(5432);
            assertThat(created.jsonPath().getBoolean("connection.ssl")).isFalse();
            assertThat(created.jsonPath().getString("connection.password")).isEqualTo("********");
            assertThat(created.asString()).doesNotContain("pg-secret-1");
            Response badPort = server.api().body("{\"connection\":{\"name\":\"my\",\"type\":\"mysql\",\"host\":\"db\","
                    + "\"database\":\"a\",\"user\":\"u\",\"port\":\"3306\",\"ssl\":\"yes\"}}").post("/api/v1/connections");
            assertThat(badPort.jsonPath().getList("details.path")).containsExactly("connection.port", "connection.ssl");
        }
    }
}
