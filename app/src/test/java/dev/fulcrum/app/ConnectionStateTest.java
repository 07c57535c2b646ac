package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** A connection's lifecycle: STARTING, then RUNNING or FAILED by a real test; stop, fail, start. */
class ConnectionStateTest {

    private static String awaitState(TestServer server, String name, String... accepted) throws InterruptedException {
        List<String> wanted = List.of(accepted);
        for (int i = 0; i < 100; i++) {
            String state = server.api().get("/api/v1/connections/" + name + "/status").jsonPath().getString("state");
            if (wanted.contains(state)) {
                return state;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " never reached " + wanted);
    }

    @Test
    void a_new_connection_starts_then_runs_or_fails_and_obeys_stop_fail_and_start() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (FakeDruid druid = FakeDruid.plain(); TestServer server = TestServer.startWith("connectionTestTimeoutMillis: 1000\n")) {
            String document = "{\"name\":\"live\",\"type\":\"druid\",\"queryHosts\":[\"" + druid.host() + "\"]}";
            server.create("connections", "connection", document);
            assertThat(awaitState(server, "live", "RUNNING")).isEqualTo("RUNNING");
            Response status = server.api().get("/api/v1/connections/live/status");
            assertThat(status.jsonPath().getString("checkedAt")).isNotBlank();
            assertThat(status.jsonPath().getLong("latencyMs")).isNotNegative();

            Response stopped = server.api().post("/api/v1/connections/live/stop");
            assertThat(stopped.jsonPath().getString("state")).isEqualTo("STOPPED");
            assertThat(server.api().post("/api/v1/connections/live/fail").jsonPath().getString("state")).isEqualTo("FAILED");
            assertThat(server.api().post("/api/v1/connections/live/start").jsonPath().getString("state")).isEqualTo("STARTING");
            assertThat(awaitState(server, "live", "RUNNING")).isEqualTo("RUNNING");

            // the state is not part of the document
            assertThat(Jsons.parse(server.api().get("/api/v1/connections/live").asString()).get("connection").has("state")).isFalse();

            // an update restarts it, and a broken one fails
            server.create("connections", "connection", "{\"name\":\"live\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:"
                    + closedPort + "\"]}");
            assertThat(awaitState(server, "live", "FAILED")).isEqualTo("FAILED");
            assertThat(server.api().get("/api/v1/connections/live/status").jsonPath().getString("message"))
                    .isEqualTo("127.0.0.1:" + closedPort + ": unreachable");
            assertThat(server.api().get("/api/v1/connections/absent/status").statusCode()).isEqualTo(404);
            assertThat(server.api().get("/api/v1/connections/live/start").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void concurrent_start_and_stop_calls_leave_a_valid_state() throws Exception {
        try (FakeDruid druid = FakeDruid.plain(); TestServer server = TestServer.start()) {
            server.create("connections", "connection", "{\"name\":\"busy\",\"type\":\"druid\",\"queryHosts\":[\"" + druid.host() + "\"]}");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String action = List.of("start", "stop", "fail").get(i % 3);
                calls.add(() -> server.api().post("/api/v1/connections/busy/" + action).statusCode());
            }
            for (var result : pool.invokeAll(calls)) {
                assertThat(result.get()).isEqualTo(200);
            }
            pool.shutdown();
            server.api().post("/api/v1/connections/busy/stop");
            Thread.sleep(300); // a check still running must not bring a stopped connection back
            assertThat(server.api().get("/api/v1/connections/busy/status").jsonPath().getString("state")).isEqualTo("STOPPED");
        }
    }
}
