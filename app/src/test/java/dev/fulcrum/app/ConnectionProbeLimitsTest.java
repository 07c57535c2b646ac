package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.app.config.ConfigException;
import dev.fulcrum.app.config.ConfigLoader;
import io.restassured.response.Response;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection test is not a port scanner: connectionTests.allow/deny are checked before any socket opens,
 * failures come in a few fixed classes that echo nothing, redirects are not followed, at most 16 hosts, one
 * bounded pool, and a probe's sockets close at its deadline. No packet of these tests leaves loopback: denied
 * addresses are refused before a socket connects.
 */
class ConnectionProbeLimitsTest {
    private static final String BLOCKED = "blocked by connectionTests policy";
    private static TestServer server;
    private static FakeDruid druid;
    private static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.startWith("connectionTestTimeoutMillis: 10000\nconnectionMonitorIntervalSeconds: 3600\n"
                + "connectionTests:\n  deny: [\"127.0.0.2/32\", \"localhost\"]\n");
        druid = FakeDruid.plain();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        druid.close();
    }

    static Response testUnsaved(TestServer on, String connection) {
        return on.api().body("{\"connection\":" + connection + "}").post("/api/v1/connections/test");
    }

    static String druid(String... hosts) {
        return "{\"name\":\"probe\",\"type\":\"druid\",\"queryHosts\":[\"" + String.join("\",\"", hosts) + "\"]}";
    }

    private static String database(String type, String host, int port) {
        return "{\"name\":\"probe\",\"type\":\"" + type + "\",\"host\":\"" + host + "\",\"port\":" + port
                + ",\"database\":\"d\",\"user\":\"u\",\"password\":\"p-9f2c\"}";
    }

    @Test
    void addresses_and_names_denied_in_config_are_refused_before_any_socket_connects() throws Exception {
        try (FakeListener listener = FakeListener.silent()) {
            int port = listener.port();
            for (String connection : List.of(druid("127.0.0.2:" + port), druid("localhost:" + port),
                    database("postgres", "127.0.0.2", port), database("mysql", "localhost", port))) {
                long start = System.nanoTime();
                Response response = testUnsaved(server, connection);
                assertThat(response.jsonPath().getString("error")).as(connection).endsWith(":" + port + ": " + BLOCKED);
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000); // well under the 10 s budget: refused, not timed out
            }
            assertThat(listener.connections.get()).isZero();
            assertThat(testUnsaved(server, druid(druid.host())).jsonPath().getBoolean("success")).isTrue();
        }
    }

    @Test
    void link_local_and_cloud_metadata_addresses_are_refused_by_default_without_a_packet() throws Exception {
        for (String connection : List.of(druid("169.254.169.254"), druid("169.254.169.254:8080", druid.host()),
                druid("[fe80::1]:80"), druid("[fd00:ec2::254]"), database("postgres", "169.254.169.254", 5432),
                database("mysql", "fd00:ec2::254", 3306),
                "{\"name\":\"p\",\"type\":\"druid\",\"queryHosts\":[\"" + druid.host() + "\"],\"sockHost\":\"169.254.169.254:1080\"}")) {
            long start = System.nanoTime();
            Response response = testUnsaved(server, connection);
            assertThat(response.jsonPath().getBoolean("success")).as(connection).isFalse();
            assertThat(response.jsonPath().getString("error")).as(connection).contains(BLOCKED).doesNotContain("unreachable");
            assertThat((System.nanoTime() - start) / 1_000_000).as(connection).isLessThan(5_000);
        }
        server.create("connections", "connection", druid("169.254.169.254").replace("\"probe\"", "\"metadata\""));
        server.api().post("/api/v1/connections/metadata/start");
        String message = "";
        for (int i = 0; i < 50 && !message.contains(BLOCKED); i++) {
            Thread.sleep(100);
            message = server.api().get("/api/v1/connections/metadata/status").jsonPath().getString("message");
        }
        assertThat(message).isEqualTo("169.254.169.254: " + BLOCKED);
    }

    @Test
    void an_allow_list_admits_only_what_it_names() throws Exception {
        try (TestServer allowing = TestServer.startWith("connectionTests:\n  allow: [\"127.0.0.1/32\"]\n");
             FakeListener listener = FakeListener.silent()) {
            assertThat(testUnsaved(allowing, druid(druid.host())).jsonPath().getBoolean("success")).isTrue();
            Response other = testUnsaved(allowing, druid("127.0.0.3:" + listener.port()));
            assertThat(other.jsonPath().getString("error")).isEqualTo("127.0.0.3:" + listener.port() + ": " + BLOCKED);
            assertThat(listener.connections.get()).isZero();
        }
    }

    @Test
    void a_bad_policy_entry_stops_the_start_naming_it(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "connectionTests:\n  deny: [\"10.0.0.0/8\", \"not a cidr/33\"]\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectionTests.deny[1]");
        Files.writeString(file, "connectionTests:\n  maxParallelProbes: 0\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).hasMessageContaining("connectionTests.maxParallelProbes");
    }

    @Test
    void more_than_sixteen_hosts_is_a_400_on_writes_and_on_tests() {
        String[] seventeen = Collections.nCopies(17, "127.0.0.1:" + closedPort).toArray(String[]::new);
        for (Response response : List.of(testUnsaved(server, druid(seventeen)),
                server.api().body("{\"connection\":" + druid(seventeen) + "}").post("/api/v1/connections"))) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.jsonPath().getList("details.path")).containsExactly("connection.queryHosts");
            assertThat(response.jsonPath().getString("details[0].message")).contains("at most 16");
        }
        String[] sixteen = Collections.nCopies(16, "127.0.0.1:" + closedPort).toArray(String[]::new);
        assertThat(testUnsaved(server, druid(sixteen)).statusCode()).isEqualTo(200);
    }

    @Test
    void refused_silent_tls_not_http_and_wrong_answers_all_fail_alike_and_echo_nothing() throws Exception {
        try (FakeListener silent = FakeListener.silent();
             FakeListener ssh = FakeListener.answering("SSH-2.0-OpenSSH_9.6 banner-7d1e\r\n");
             FakeListener notFound = FakeListener.answering("HTTP/1.1 404 Not Found\r\nServer: banner-7d1e\r\n\r\nbanner-7d1e");
             FakeListener notJson = FakeListener.answering("HTTP/1.1 200 OK\r\n\r\nbanner-7d1e is here");
             FakeListener noVersion = FakeListener.answering("HTTP/1.1 200 OK\r\n\r\n{\"banner\":\"banner-7d1e\"}");
             FakeListener redirect = FakeListener.answering("HTTP/1.1 302 Found\r\nLocation: http://" + druid.host()
                     + "/status\r\n\r\n")) {
            int before = druid.received.get();
            List<String> hosts = List.of("127.0.0.1:" + closedPort, silent.host(), ssh.host(), notFound.host(),
                    notJson.host(), noVersion.host(), redirect.host());
            List<String> errors = new ArrayList<>();
            for (String host : hosts) {
                Response response = testUnsaved(server, druid(host));
                // without the host, whose random port may itself hold "404" or "302"
                assertThat(response.asString().replace(host, "HOST")).doesNotContain("banner", "SSH", "404", "302", "Found");
                errors.add(response.jsonPath().getString("error").replace(host, "HOST"));
            }
            Response tls = testUnsaved(server, druid(druid.host()).replace("]}", "],\"protocol\":\"tls\"}"));
            errors.add(tls.jsonPath().getString("error").replace(druid.host(), "HOST"));
            assertThat(errors).containsOnly("HOST: unreachable");
            assertThat(druid.received.get()).as("the redirect was not followed").isEqualTo(before);
        }
    }

    @Test
    void a_version_is_reported_only_when_it_looks_like_one() throws Exception {
        String ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n";
        try (FakeListener plain = FakeListener.answering(ok + "{\"version\":\"31.0.1-rc1\"}");
             FakeListener odd = FakeListener.answering(ok + "{\"version\":\"31.0.1 <b>banner-7d1e</b>\"}");
             FakeListener longOne = FakeListener.answering(ok + "{\"version\":\"1." + "9".repeat(200) + "\"}")) {
            assertThat(testUnsaved(server, druid(plain.host())).jsonPath().getString("version")).isEqualTo("31.0.1-rc1");
            for (FakeListener listener : List.of(odd, longOne)) {
                Response response = testUnsaved(server, druid(listener.host()));
                assertThat(response.jsonPath().getBoolean("success")).isTrue();
                assertThat(response.asString()).doesNotContain("version", "banner", "999");
            }
        }
    }

    @Test
    void an_answer_with_a_length_is_read_without_waiting_for_the_server_to_close() throws Exception {
        try (FakeListener holding = FakeListener.answeringAndHolding("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n"
                + "{\"version\":\"31.0.2\"}")) {
            Response response = testUnsaved(server, druid(holding.host())); // waiting for the close would fail at the deadline
            assertThat(response.jsonPath().getString("version")).as(response.asString()).isEqualTo("31.0.2");
        }
    }

    /**
     * Servers that trickle a byte every 100 ms, each in the middle of what the probe is reading (HTTP headers, a
     * PostgreSQL error message, a MySQL packet): every read succeeds, so only closing the socket at the deadline
     * frees the probe's thread, and with one thread in the pool the next probe shows whether it was freed.
     */
    @Test
    void a_probe_past_its_deadline_frees_its_thread_for_the_next_probe() throws Exception {
        try (TestServer single = TestServer.startWith("connectionTestTimeoutMillis: 2500\nconnectionTests:\n  maxParallelProbes: 1\n");
             FakeListener http = FakeListener.trickling("HTTP/1.1 200 OK\r\nX-Slow: ");
             FakeListener postgres = FakeListener.trickling("E\u0000\u0001\u0000\u0000");
             FakeListener mysql = FakeListener.trickling("\u0000\u0000\u0001\u0000")) {
            for (String hung : List.of(druid(http.host()), database("postgres", "127.0.0.1", postgres.port()),
                    database("mysql", "127.0.0.1", mysql.port()))) {
                assertThat(testUnsaved(single, hung).jsonPath().getString("error")).as(hung).endsWith(": unreachable");
                Response next = testUnsaved(single, druid(druid.host()));
                assertThat(next.jsonPath().getBoolean("success")).as(hung + " " + next.asString()).isTrue();
            }
        }
    }
}
