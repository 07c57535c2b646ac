package dev.fulcrum.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives kill -9 of the server process (on H2, and on PostgreSQL in that run). */
@StartsProcesses
class DurabilityTest {
    @TempDir
    Path dir;

    @Test
    void every_acknowledged_write_survives_kill_9() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "port: 0\n" + TestDatabases.stateStoreConfig(dir.resolve("var/fulcrum")));
        String token = Processes.run(dir, "token", "create", "--name", "durable").lastLine();
        Processes.Server server = Processes.serve(dir, "config.yaml");
        int acknowledged = 0;
        try {
            for (int i = 0; i < 300; i++) {
                int status = given().port(server.port()).header("x-imply-api-token", token)
                        .body("{\"dashboard\":{\"name\":\"d" + i + "\",\"title\":\"v" + i + "\"}}")
                        .post("/api/v1/dashboards").statusCode();
                assertThat(status).isEqualTo(200);
                acknowledged++;
                int counterStatus = given().port(server.port()).header("x-imply-api-token", token)
                        .body("{\"role\":{\"name\":\"counter\",\"title\":\"" + i + "\"}}")
                        .post("/api/v1/roles").statusCode();
                assertThat(counterStatus).isEqualTo(200);
            }
        } finally {
            server.kill9();
        }
        Processes.Server again = Processes.serve(dir, "config.yaml");
        try {
            List<String> names = given().port(again.port()).header("x-imply-api-token", token)
                    .get("/api/v1/dashboards").jsonPath().getList("dashboards.name");
            assertThat(names).hasSize(acknowledged);
            String counter = given().port(again.port()).header("x-imply-api-token", token)
                    .get("/api/v1/roles/counter").jsonPath().getString("role.title");
            assertThat(counter).isEqualTo("299");
        } finally {
            again.terminate();
        }
    }

    @Test
    void sigterm_shuts_down_cleanly() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "port: 0\n");
        Processes.Server server = Processes.serve(dir, "config.yaml");
        server.terminate();
        assertThat(server.process().exitValue()).as(server.output().toString()).isIn(0, 143);
        assertThat(dir.resolve("var/fulcrum/state.lock.db")).as("H2 was closed, not abandoned; the server printed:\n%s",
                server.output()).doesNotExist();
    }
}
