package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.app.config.ConfigException;
import dev.fulcrum.app.config.ConfigLoader;
import dev.fulcrum.app.config.FulcrumConfig;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** config.yaml: strict keys and types, defaults, and the switches that change the API. */
class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void the_shipped_config_yaml_loads_with_the_documented_defaults() {
        FulcrumConfig config = ConfigLoader.load(Path.of("../config.yaml"));
        assertThat(config.port).isEqualTo(9095);
        assertThat(config.enableApiEndpoint).isTrue();
        assertThat(config.fixedConnections).isFalse();
        assertThat(config.stateStore.type).isEqualTo("h2");
        // relative to the file's directory (the checkout), whatever the working directory
        Path checkout = Path.of("..").toAbsolutePath().normalize();
        assertThat(config.stateStore.connection).isEqualTo(checkout.resolve("var/fulcrum/state").toString());
        assertThat(config.secretKeyFile).isEqualTo(checkout.resolve("var/fulcrum/secret.key").toString());
        assertThat(config.maxBodyBytes).isEqualTo(4194304);
        assertThat(config.metrics.enabled).isFalse();
        assertThat(config.accessLog).isFalse();
        assertThat(config.watch.maxWatchers).isEqualTo(1000);
        assertThat(config.watch.heartbeatMillis).isEqualTo(15000);
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("portt: 9095", "unknown key 'portt'"),
                Arguments.of("stateStore:\n  type: h2\n  conection: x", "unknown key 'stateStore.conection'"),
                Arguments.of("port: \"9095\"", "'port'"),
                Arguments.of("port: nine", "'port'"),
                Arguments.of("enableApiEndpoint: 1", "'enableApiEndpoint'"),
                Arguments.of("fixedConnections: \"yes\"", "'fixedConnections'"),
                Arguments.of("accessLog: \"yes\"", "'accessLog': expected true or false"),
                Arguments.of("watch:\n  maxWatchrs: 5", "unknown key 'watch.maxWatchrs'"),
                Arguments.of("watch:\n  maxWatchers: -1", "'watch.maxWatchers' must be between 0 and 100000"),
                Arguments.of("watch:\n  heartbeatMillis: 10", "'watch.heartbeatMillis' must be between 100 and 300000"),
                Arguments.of("watch:\n  queueEvents: 0", "'watch.queueEvents' must be between 1 and 100000"),
                Arguments.of("maxBodyBytes: [1]", "'maxBodyBytes'"),
                Arguments.of("port: 70000", "'port'"),
                Arguments.of("stateStore:\n  type: mongo\n  connection: x", "'stateStore.type'"),
                Arguments.of("stateStore:\n  type: pg\n  connection: postgres://h/db", "'stateStore.connection' must be a JDBC URL"),
                Arguments.of("stateStore:\n  type: pg\n  connection: jdbc:postgresql://h/db\n  passwordEnv: FULCRUM_NO_SUCH_VARIABLE",
                        "FULCRUM_NO_SUCH_VARIABLE, which is not set"),
                Arguments.of("stateStore:\n  type: pg\n  connection: jdbc:postgresql://h/db\n  password: a\n  passwordEnv: HOME",
                        "not both"),
                Arguments.of("port: 9095: 1", "not valid YAML at line 1, column 11"),
                Arguments.of("port: 1\nport: 2", "duplicate key 'port' at line 2"),
                Arguments.of("email:\n  host: h\n  host: i", "duplicate key 'email.host' at line 3"),
                Arguments.of("metrics: {enabled: \"yes\"}", "wrong value for 'metrics.enabled': expected true or false"),
                Arguments.of("metrics: {enabled: 1}", "wrong value for 'metrics.enabled': expected true or false"),
                Arguments.of("metrics: {enable: true}", "unknown key 'metrics.enable'"),
                Arguments.of("metrics: true", "wrong value for 'metrics': expected a mapping of keys, not a single value"),
                Arguments.of("metrics:", "'metrics' needs 'enabled', e.g. metrics: {enabled: true}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void a_bad_config_refuses_to_start_naming_the_key(String yaml, String expected) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class).hasMessageContaining(expected);
    }

    @Test
    void a_wrong_type_is_reported_without_echoing_the_value() throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "email:\n  host: h\n  from: f@example.com\n  password: 83410297\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("'email.password'")
                .hasMessageContaining("expected a string").hasMessageNotContaining("83410297");
    }

    @Test
    void a_missing_config_file_is_a_clear_error() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config file not found");
    }

    @Test
    void missing_directories_are_created() throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "port: 0\nstateStore:\n  type: h2\n  connection: " + dir.resolve("a/b/c/state")
                + "\nsecretKeyFile: " + dir.resolve("x/y/secret.key") + "\n");
        try (FulcrumApp app = FulcrumApp.start(ConfigLoader.load(file))) {
            assertThat(app.port()).isPositive();
        }
        assertThat(dir.resolve("a/b/c/state.mv.db")).exists();
        assertThat(dir.resolve("x/y/secret.key")).exists();
    }

    @Test
    void with_the_api_disabled_every_api_path_is_404_but_health_answers() {
        try (TestServer server = TestServer.startWith("enableApiEndpoint: false\n")) {
            for (String path : new String[] {"/api/v1/data-cubes", "/api/v1/users/x", "/api/v1/nothing"}) {
                Response response = server.api().get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.jsonPath().getString("error")).isEqualTo("Not found.");
            }
            assertThat(server.anonymous().get("/api/v1/data-cubes").statusCode()).isEqualTo(404);
            assertThat(server.anonymous().get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void fixed_connections_come_from_the_config_and_cannot_be_written() {
        String config = "fixedConnections: true\nconnections:\n"
                + "  - name: fixed-b\n    type: druid\n    queryHosts: [\"b.example.com\"]\n    passphrase: topsecret\n"
                + "  - name: fixed-a\n    type: druid\n    queryHosts: [\"a.example.com\"]\n";
        try (TestServer server = TestServer.startWith(config)) {
            Response list = server.api().get("/api/v1/connections");
            assertThat(list.jsonPath().getList("connections.name")).containsExactly("fixed-a", "fixed-b");
            assertThat(list.asString()).doesNotContain("topsecret");
            Response create = server.api().body("{\"connection\":{\"name\":\"new\",\"type\":\"druid\",\"queryHosts\":[\"x\"]}}")
                    .post("/api/v1/connections");
            assertThat(create.statusCode()).isEqualTo(403);
            assertThat(create.jsonPath().getString("error")).contains("fixed by configuration");
            assertThat(server.api().delete("/api/v1/connections/fixed-a").statusCode()).isEqualTo(403);
            assertThat(server.api().body("{\"connection\":{\"name\":\"fixed-a\"}}").put("/api/v1/connections/fixed-a")
                    .statusCode()).isEqualTo(403);
            assertThat(server.api().get("/api/v1/connections").asString()).isEqualTo(list.asString());
        }
    }

    @Test
    void fixed_connections_replace_every_other_connection_at_start() throws IOException {
        try (TestServer server = TestServer.start()) {
            server.create("connections", "connection", "{\"name\":\"made-by-hand\",\"type\":\"druid\",\"queryHosts\":[\"x\"]}");
            server.create("connections", "connection", "{\"name\":\"fixed-a\",\"type\":\"druid\",\"queryHosts\":[\"old\"]}");
            Path file = server.configFile();
            Files.writeString(file, Files.readString(file) + "fixedConnections: true\nconnections:\n"
                    + "  - name: fixed-a\n    type: druid\n    queryHosts: [\"a.example.com\"]\n");
            server.restart();
            Response list = server.api().get("/api/v1/connections");
            assertThat(list.jsonPath().getList("connections.name")).containsExactly("fixed-a");
            assertThat(list.jsonPath().getList("connections[0].queryHosts")).containsExactly("a.example.com");
            assertThat(server.api().get("/api/v1/connections/made-by-hand").statusCode()).isEqualTo(404);
            assertThat(server.api().get("/api/v1/connections/made-by-hand/history").jsonPath().getString("history[0].change"))
                    .isEqualTo("delete");
        }
    }
}
