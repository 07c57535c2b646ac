package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GET by name may be answered from memory (README, "Reads from memory"), but never with less than what a write
 * elsewhere has committed: not the server's own writes, not the command line's through H2's AUTO_SERVER port, not a
 * session of its own, and not a write that was acknowledged a moment ago to another client.
 */
@StartsProcesses
class DocumentCacheTest {
    @TempDir
    Path dir;

    @Test
    void a_document_the_command_line_overwrites_beside_the_running_server_is_read_as_overwritten() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.create("connections", "connection", Bundles.druidMain());
            server.create("data-cubes", "dataCube", "{\"name\":\"cached\",\"title\":\"Before\",\"connectionName\":\"druid-main\","
                    + "\"source\":\"wikipedia\"}");
            for (int i = 0; i < 3; i++) { // read, and read again: whatever the server keeps of it, it keeps now
                assertThat(title(server.api().get("/api/v1/data-cubes/cached"))).isEqualTo("Before");
            }
            ObjectNode bundle = (ObjectNode) Jsons.parse(Bundles.export(server, "?resources=data-cubes").asString());
            ((ObjectNode) bundle.get("resources").get("data-cubes").get(0)).put("title", "After");
            Path file = Files.writeString(dir.resolve("bundle.json"), bundle.toString());

            Processes.Result imported = Processes.run(dir, "import", file.toString(), "--on-existing", "overwrite",
                    "--config", server.configFile().toString());

            assertThat(imported.exitCode()).as(imported.err()).isZero();
            Response read = server.api().get("/api/v1/data-cubes/cached");
            assertThat(title(read)).isEqualTo("After");
            assertThat(read.header("ETag")).isEqualTo("\"2\"");
        }
    }

    @Test
    void a_row_changed_by_another_session_of_the_database_is_read_as_changed() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.create("roles", "role", "{\"name\":\"cached\",\"title\":\"Before\",\"permissions\":[]}");
            assertThat(title(server.api().get("/api/v1/roles/cached"))).isEqualTo("Before");
            assertThat(title(server.api().get("/api/v1/roles/cached"))).isEqualTo("Before");

            try (Connection connection = server.dataSource().getConnection();
                 PreparedStatement update = connection.prepareStatement("UPDATE documents SET body = ?, version = 7"
                         + " WHERE resource = 'roles' AND name = 'cached'")) {
                update.setString(1, "{\"name\":\"cached\",\"title\":\"Elsewhere\",\"permissions\":[]}");
                assertThat(update.executeUpdate()).isEqualTo(1);
            }

            Response read = server.api().get("/api/v1/roles/cached");
            assertThat(title(read)).isEqualTo("Elsewhere");
            assertThat(read.header("ETag")).isEqualTo("\"7\"");
        }
    }

    @Test
    void no_read_ever_answers_an_older_version_than_one_already_acknowledged() {
        try (TestServer server = TestServer.start()) {
            server.create("roles", "role", "{\"name\":\"raced\",\"title\":\"v1\",\"permissions\":[]}");
            AtomicLong acknowledged = new AtomicLong(1);
            // until the writer has written 40 versions (a fixed 2 s gave it as few as 9 on a loaded machine), 30 s at most
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            long deadline = System.nanoTime() + 30_000_000_000L;
            List<CompletableFuture<List<String>>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                boolean writer = w == 0;
                workers.add(CompletableFuture.supplyAsync(() -> {
                    List<String> stale = new ArrayList<>();
                    int i = 0;
                    while (writing.get()) {
                        if (writer) {
                            Response put = server.api().body("{\"role\":{\"name\":\"raced\",\"title\":\"t" + i++
                                    + "\",\"permissions\":[]}}").put("/api/v1/roles/raced");
                            assertThat(put.statusCode()).as(put.asString()).isEqualTo(200);
                            acknowledged.accumulateAndGet(version(put), Math::max);
                            writing.set(acknowledged.get() < 40 && System.nanoTime() < deadline);
                        } else {
                            long known = acknowledged.get(); // acknowledged before this read began
                            long read = version(server.api().get("/api/v1/roles/raced"));
                            if (read < known) {
                                stale.add("read version " + read + " after version " + known + " was acknowledged");
                            }
                        }
                    }
                    return stale;
                }));
            }
            List<String> stale = new ArrayList<>();
            workers.forEach(worker -> stale.addAll(worker.join()));
            assertThat(stale).isEmpty();
            assertThat(acknowledged.get()).as("the writer wrote").isGreaterThanOrEqualTo(40);
        }
    }

    private static String title(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode body = Jsons.parse(response.asString());
        return body.elements().next().get("title").asText();
    }

    private static long version(Response response) {
        return Long.parseLong(response.header("ETag").replace("\"", ""));
    }
}
