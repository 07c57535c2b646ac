package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** /health/live and /health/ready answer without a token; ready says why it is not. /health stays as it was. */
class ProbesTest {

    @Test
    void a_running_server_is_live_and_ready_and_its_health_is_unchanged() {
        try (TestServer server = TestServer.start()) {
            for (String probe : new String[] {"/health/live", "/health/ready", "/health"}) {
                Response response = server.anonymous().get(probe);
                assertThat(response.statusCode()).as(probe).isEqualTo(200);
                assertThat(response.contentType()).as(probe).startsWith("application/json");
                assertThat(response.asString()).as(probe).isEqualTo("{\"status\":\"ok\"}");
                assertThat(response.header("X-Request-Id")).as(probe).isNotBlank();
            }
        }
    }

    @Test
    void without_its_database_the_server_is_live_but_not_ready_and_says_why() {
        try (TestServer server = TestServer.start()) {
            server.closeDatabase();
            Response ready = server.anonymous().get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(Jsons.parse(ready.asString())).isEqualTo(Jsons.parse(
                    "{\"status\":\"unavailable\",\"error\":\"the state database does not answer\"}"));
            assertThat(ready.asString()).as("no driver detail for an anonymous caller").doesNotContain("Hikari", "jdbc");
            Response live = server.anonymous().get("/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.asString()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(server.anonymous().get("/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void probes_are_pretty_printed_on_request_like_every_answer() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.anonymous().get("/health/ready?pretty").asString()).isEqualTo("{\n  \"status\": \"ok\"\n}\n");
        }
    }
}
