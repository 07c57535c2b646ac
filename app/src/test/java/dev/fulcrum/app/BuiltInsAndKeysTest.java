package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.app.config.ConfigLoader;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The built-in super-admin role, and the secret key that must match the database. */
class BuiltInsAndKeysTest {

    @Test
    void super_admin_always_exists_with_every_permission_and_cannot_be_changed() {
        try (TestServer server = TestServer.start()) {
            Response read = server.api().get("/api/v1/roles/super-admin");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.jsonPath().getList("role.permissions.name")).contains("ManageApiTokens", "ManageUsers",
                    "AdministerDataCubes", "ConfigureLookAndFeel");
            Response edit = server.api().body("{\"role\":{\"name\":\"super-admin\",\"permissions\":[]}}").post("/api/v1/roles");
            assertThat(edit.statusCode()).isEqualTo(403);
            assertThat(edit.jsonPath().getString("error")).contains("built in");
            assertThat(server.api().body("{\"role\":{\"permissions\":[]}}").put("/api/v1/roles/super-admin").statusCode())
                    .isEqualTo(403);
            assertThat(server.api().delete("/api/v1/roles/super-admin").statusCode()).isEqualTo(403);
            server.restart();
            assertThat(server.api().get("/api/v1/roles/super-admin").asString()).isEqualTo(read.asString());
        }
    }

    @Test
    void starting_with_another_secret_key_is_a_clear_error() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.create("connections", "connection", "{\"name\":\"c\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"key\":\"K\"}");
            Path keyFile = server.dir.resolve("secret.key");
            byte[] original = Files.readAllBytes(keyFile);
            server.stopForTest();
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
            assertThatThrownBy(() -> FulcrumApp.start(ConfigLoader.load(server.configFile())))
                    .hasMessageContaining("is not the key this database's secrets were sealed with");
            Files.delete(keyFile);
            assertThatThrownBy(() -> FulcrumApp.start(ConfigLoader.load(server.configFile())))
                    .hasMessageContaining("is missing");
            assertThat(keyFile).doesNotExist();
            Files.write(keyFile, original);
            server.restart();
            assertThat(server.api().get("/api/v1/connections/c").jsonPath().getString("connection.key")).isEqualTo("********");
        }
    }
}
