package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A PATCH without If-Match that loses a race to a writer of another instance (which this instance's turns cannot
 * order) is applied again to the newer version, as often as it takes, until it lands: never a 412 and never a 503
 * before the write timeout. Two instances on one database (H2 shared in this JVM, or the PostgreSQL database)
 * patch one document at once, so that a patch loses several races in a row.
 */
class PatchRaceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int PER_INSTANCE = 40;

    @Test
    void patches_losing_races_to_another_instance_are_applied_again_until_every_one_lands() {
        try (TestServer server = TestServer.start(); FulcrumApp other = FulcrumApp.start(server.config())) {
            for (int run = 0; run < Integer.getInteger("fulcrum.test.patchRaceRuns", 2); run++) {
                String name = "x" + run;
                server.create("dashboards", "dashboard", "{\"name\":\"" + name + "\",\"title\":\"race\"}");
                List<CompletableFuture<HttpResponse<String>>> patches = new ArrayList<>();
                for (int i = 0; i < 2 * PER_INSTANCE; i++) {
                    int port = i % 2 == 0 ? server.port() : other.port();
                    HttpRequest patch = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/dashboards/" + name))
                            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"dashboard\":{\"p" + i + "\":" + i + "}}"))
                            .header("x-imply-api-token", server.token).build();
                    patches.add(HTTP.sendAsync(patch, HttpResponse.BodyHandlers.ofString()));
                }
                Set<String> etags = new HashSet<>();
                for (CompletableFuture<HttpResponse<String>> patch : patches) {
                    HttpResponse<String> response = patch.join();
                    assertThat(response.statusCode()).as("run %d: %s", run, response.body()).isEqualTo(200);
                    etags.add(response.headers().firstValue("ETag").orElseThrow());
                }
                assertThat(etags).as("run %d: every patch its own version", run).hasSize(2 * PER_INSTANCE);
                var current = server.api().get("/api/v1/dashboards/" + name);
                assertThat(current.header("ETag")).isEqualTo("\"" + (2 * PER_INSTANCE + 1) + "\"");
                JsonNode document = Jsons.parse(current.asString()).get("dashboard");
                for (int i = 0; i < 2 * PER_INSTANCE; i++) {
                    assertThat(document.has("p" + i)).as("run %d: p%d landed", run, i).isTrue();
                }
            }
        }
    }
}
