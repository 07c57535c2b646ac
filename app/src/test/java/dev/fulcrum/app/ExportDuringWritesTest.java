package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An export reads kinds one after another, so a writer that creates a connection and then a data cube on it,
 * between the export's read of connections and its read of data cubes, would leave the cube referencing a
 * connection the bundle lacks. The export reads again when that happens (a 409 after 5 tries): every bundle it
 * answers is consistent.
 */
class ExportDuringWritesTest {

    @Test
    void an_export_during_concurrent_writes_never_has_a_document_without_what_it_references() throws Exception {
        try (TestServer server = TestServer.start()) {
            // many connections make reading them take a while: the window the writer's commits fall into
            StringBuilder base = new StringBuilder("{\"fulcrumBundle\":1,\"resources\":{\"connections\":[");
            for (int i = 0; i < 2000; i++) {
                base.append(i == 0 ? "" : ",").append(connection("base-" + i));
            }
            assertThat(Bundles.importBundle(server, "", base.append("]}}").toString()).statusCode()).isEqualTo(200);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger pairs = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int k = 0; !stop.get(); k++) {
                    // a connection and a data cube on it, in one transaction
                    Response imported = Bundles.importBundle(server, "", "{\"fulcrumBundle\":1,\"resources\":{\"connections\":["
                            + connection("c" + k) + "],\"data-cubes\":[{\"name\":\"d" + k + "\",\"connectionName\":\"c" + k
                            + "\",\"source\":\"t\"}]}}");
                    assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
                    if (k > 0) {
                        assertThat(server.api().delete("/api/v1/data-cubes/d" + (k - 1)).statusCode()).isEqualTo(200);
                        assertThat(server.api().delete("/api/v1/connections/c" + (k - 1)).statusCode()).isEqualTo(200);
                    }
                    pairs.incrementAndGet();
                }
            });
            int exported = 0;
            int refused = 0;
            long until = System.nanoTime() + 6_000_000_000L;
            while (System.nanoTime() < until || exported < 10) {
                Response response = server.api().get("/api/v1/export?resources=connections,data-cubes");
                if (response.statusCode() == 409) {
                    assertThat(response.jsonPath().getString("error")).contains("kept changing while they were exported");
                    refused++;
                    continue;
                }
                assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
                JsonNode resources = Jsons.parse(response.asString()).get("resources");
                Set<String> connections = new HashSet<>();
                resources.get("connections").forEach(connection -> connections.add(connection.path("name").asText()));
                for (JsonNode cube : resources.get("data-cubes")) {
                    assertThat(connections.contains(cube.path("connectionName").asText()))
                            .as("export %d: the connection of data cube %s", exported, cube.path("name").asText()).isTrue();
                }
                exported++;
            }
            stop.set(true);
            writer.get();
            assertThat(pairs.get()).as("the writer made pairs while the exports ran").isGreaterThan(10);
            assertThat(refused).as("a 409 only after 5 tries in a row").isLessThan(exported);
        }
    }

    private static String connection(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"druid\",\"queryHosts\":[\"h\"]}";
    }
}
