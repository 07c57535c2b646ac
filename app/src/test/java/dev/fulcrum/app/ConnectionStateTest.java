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
import org.junit.jupiter.api.parallel.Isolated;

/** A connection's lifecycle: STARTING, then RUNNING or FAILED by a real test; stop, fail, start. */
@Isolated // measures time or captures stderr: runs with no other test class beside it
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
            for (String action : List.of("start", "stop", "fail")) {
                // actions with effects are not GETs
                assertThat(server.api().get("/api/v1/connections/live/" + action).statusCode()).as(action).isEqualTo(405);
            }
        }
    }

    /** Polls the state for {@code millis}: it must be {@code wanted} every time. */
    private static void assertStaysFor(TestServer server, String name, String wanted, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            assertThat(server.api().get("/api/v1/connections/" + name + "/status").jsonPath().getString("state")).isEqualTo(wanted);
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
    }

    @Test
    void a_check_that_finishes_after_a_newer_fail_or_stop_does_not_overwrite_it() throws Exception {
        try (FakeDruid druid = FakeDruid.slow(700); TestServer server = TestServer.start()) {
            server.create("connections", "connection", "{\"name\":\"slow\",\"type\":\"druid\",\"queryHosts\":[\"" + druid.host() + "\"]}");
            assertThat(awaitState(server, "slow", "RUNNING")).isEqualTo("RUNNING");
            for (String action : List.of("fail", "stop")) {
                druid.awaitIdle();
                int before = druid.received.get();
                assertThat(server.api().post("/api/v1/connections/slow/start").jsonPath().getString("state")).isEqualTo("STARTING");
                while (druid.received.get() == before) {
                    Thread.sleep(5); // until the start's check is in flight
                }
                String forced = action.equals("fail") ? "FAILED" : "STOPPED";
                assertThat(server.api().post("/api/v1/connections/slow/" + action).jsonPath().getString("state")).isEqualTo(forced);
                druid.awaitIdle(); // the check got its (successful) answer after the newer transition
                assertStaysFor(server, "slow", forced, 300);
            }
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
            druid.awaitIdle(); // every check still running has had its answer: none may bring the connection back
            assertStaysFor(server, "busy", "STOPPED", 300);
        }
    }

    @Test
    void the_monitor_tests_every_connection_that_is_not_stopped_each_interval() throws Exception {
        try (FakeDruid watched = FakeDruid.plain(); FakeDruid stopped = FakeDruid.plain();
             TestServer server = TestServer.startWith("connectionMonitorIntervalSeconds: 1\n")) {
            server.create("connections", "connection", "{\"name\":\"watched\",\"type\":\"druid\",\"queryHosts\":[\"" + watched.host() + "\"]}");
            server.create("connections", "connection", "{\"name\":\"stopped\",\"type\":\"druid\",\"queryHosts\":[\"" + stopped.host() + "\"]}");
            awaitState(server, "stopped", "RUNNING");
            server.api().post("/api/v1/connections/stopped/stop");
            stopped.awaitIdle();
            int stoppedChecks = stopped.received.get();
            int before = watched.received.get();
            long since = System.nanoTime();
            while (watched.received.get() < before + 2) {
                assertThat(System.nanoTime() - since).as("two checks of an interval of 1 s").isLessThan(3_500_000_000L);
                Thread.sleep(20);
            }
            assertThat(stopped.received.get()).as("a stopped connection is not checked").isEqualTo(stoppedChecks);
        }
    }

    @Test
    void with_connection_tests_switched_off_no_monitor_runs() throws Exception {
        try (FakeDruid druid = FakeDruid.plain();
             TestServer server = TestServer.startWith("allowConnectionTests: false\nconnectionMonitorIntervalSeconds: 1\n")) {
            server.create("connections", "connection", "{\"name\":\"quiet\",\"type\":\"druid\",\"queryHosts\":[\"" + druid.host() + "\"]}");
            for (String action : List.of("start", "stop", "fail", "test")) {
                assertThat(server.api().post("/api/v1/connections/quiet/" + action).statusCode()).as(action).isEqualTo(403);
            }
            Thread.sleep(2_500); // two and a half monitor intervals: nothing may reach the host
            assertThat(druid.received.get()).isZero();
        }
    }
}
