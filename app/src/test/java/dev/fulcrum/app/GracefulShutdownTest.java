package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * SIGTERM drains: requests in flight finish and are kept, and every audit entry queued before it is written. Alone:
 * twenty Argon2 hashes in flight must finish within the shutdown's grace period, which a loaded machine could
 * stretch past it.
 */
@Isolated
@StartsProcesses
class GracefulShutdownTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void sigterm_lets_requests_in_flight_finish_and_writes_every_queued_audit_entry_before_closing() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "port: 0\n" + TestDatabases.stateStoreConfig(dir.resolve("var/fulcrum")));
        String token = Processes.run(dir, "token", "create", "--name", "drain").lastLine();
        Processes.Server server = Processes.serve(dir, "config.yaml");
        int refused = 300;
        for (int i = 0; i < refused; i++) {
            int status = ConsistencyStorm.given(server.port(), "fulcrum_wrong").get("/api/v1/dashboards/refused-" + i)
                    .statusCode();
            assertThat(status).isEqualTo(401);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(ConsistencyStorm.given(server.port(), token).body("{\"user\":{\"name\":\"inflight-" + i + "\"}}")
                    .post("/api/v1/users").statusCode()).isEqualTo(200);
        }
        List<CompletableFuture<HttpResponse<String>>> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                            + "/api/v1/user-auths")).header("x-imply-api-token", token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userAuth\":{\"name\":\"inflight-" + i
                            + "\",\"currentPass\":{\"pass\":\"correct horse " + i + "\",\"hashStrategy\":\"none\"}}}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(50); // the writes are in flight (each hashes a password with Argon2: tens of milliseconds)
        server.terminate();
        assertThat(server.process().exitValue()).isIn(0, 143);
        assertThat(server.output().toString()).doesNotContain("could not record").doesNotContain("ERROR");
        List<String> acknowledged = new ArrayList<>();
        List<String> turnedAway = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            try {
                HttpResponse<String> answer = writes.get(i).join();
                if (answer.statusCode() == 503) { // reached an open connection after the stop began: never started
                    assertThat(Jsons.parse(answer.body()).path("error").asText()).isNotEmpty();
                    turnedAway.add("inflight-" + i);
                    continue;
                }
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                acknowledged.add("inflight-" + i);
            } catch (java.util.concurrent.CompletionException refusedAtTheDoor) {
                assertThat(refusedAtTheDoor).hasRootCauseInstanceOf(java.net.ConnectException.class);
            }
        }
        Processes.Server again = Processes.serve(dir, "config.yaml");
        try {
            long audited = 0; // refusals from one address share an entry a second, with their count
            String cursor = null;
            do {
                var page = ConsistencyStorm.given(again.port(), token)
                        .get("/api/v1/audit?resource=dashboards&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
                for (JsonNode entry : Jsons.parse(page.asString()).get("audit")) {
                    if (entry.path("status").asInt() == 401 && entry.path("path").asText().startsWith("/api/v1/dashboards/refused-")) {
                        audited += entry.path("count").asLong(1);
                    }
                }
                cursor = page.jsonPath().getString("nextCursor");
            } while (cursor != null);
            assertThat(audited).as("every refusal queued before SIGTERM is in the audit log").isEqualTo(refused);
            for (String name : acknowledged) {
                assertThat(ConsistencyStorm.given(again.port(), token).get("/api/v1/user-auths/" + name).statusCode())
                        .as("%s was acknowledged", name).isEqualTo(200);
            }
            for (String name : turnedAway) {
                assertThat(ConsistencyStorm.given(again.port(), token).get("/api/v1/user-auths/" + name).statusCode())
                        .as("%s was turned away with a 503", name).isEqualTo(404);
            }
        } finally {
            again.terminate();
        }
    }
}
