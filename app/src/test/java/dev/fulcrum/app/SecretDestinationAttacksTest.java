package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored database password goes only where it went before: fake PostgreSQL and MySQL listeners on loopback
 * record what arrives, and after each attack on the connection's fields the password never reaches another one.
 */
class SecretDestinationAttacksTest {
    private static final String PASSWORD = "stored-pass-5c1e";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWith("connectionTestTimeoutMillis: 1500\nconnectionMonitorIntervalSeconds: 3600\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response patch(String name, String fields) {
        return server.api().body("{\"connection\":{" + fields + "}}").patch("/api/v1/connections/" + name);
    }

    /** A test and a monitor start: every way the server uses the stored password. */
    private static void probe(String name) throws InterruptedException {
        server.api().post("/api/v1/connections/" + name + "/test");
        server.api().post("/api/v1/connections/" + name + "/start");
        Thread.sleep(500);
        server.api().post("/api/v1/connections/" + name + "/test");
    }

    @Test
    void a_postgres_password_never_reaches_another_listener_through_the_database_or_user_name() throws Exception {
        try (FakeDatabase legit = FakeDatabase.onLoopback(FakeDatabase.Dialect.POSTGRES);
             FakeDatabase attacker = FakeDatabase.onLoopback(FakeDatabase.Dialect.POSTGRES)) {
            server.create("connections", "connection", "{\"name\":\"pg-victim\",\"type\":\"postgres\",\"host\":\"127.0.0.1\","
                    + "\"port\":" + legit.port() + ",\"database\":\"d\",\"user\":\"u\",\"password\":\"" + PASSWORD + "\"}");
            probe("pg-victim");
            assertThat(legit.sawPassword(PASSWORD)).as("the fake recognises the password where it belongs").isTrue();
            assertThat(server.api().post("/api/v1/connections/pg-victim/test").jsonPath().getString("error"))
                    .isEqualTo("127.0.0.1:" + legit.port() + ": authentication failed");
            int other = attacker.port();
            List<Integer> statuses = new ArrayList<>();
            for (String attack : new String[] {
                    "\"database\":\"d?PGHOST=127.0.0.1&PGPORT=" + other + "\"",
                    "\"database\":\"d?PGHOST=::1&PGPORT=" + other + "\"",
                    "\"database\":\"d&PGPORT=" + other + "\"",
                    "\"user\":\"u?PGPORT=" + other + "\"",
                    "\"database\":\"d?host=127.0.0.1:" + other + "\""}) {
                Response response = patch("pg-victim", attack);
                statuses.add(response.statusCode());
                assertThat(response.asString()).as(attack).doesNotContain("PGHOST", "PGPORT");
                probe("pg-victim");
            }
            assertThat(attacker.sawPassword(PASSWORD)).isFalse();
            assertThat(attacker.connections.get()).isZero();
            assertThat(statuses).containsOnly(400);
        }
    }

    @Test
    void a_mysql_password_never_reaches_a_local_socket_or_another_listener(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("attacker.sock");
        try (FakeDatabase legit = FakeDatabase.onLoopback(FakeDatabase.Dialect.MYSQL);
             FakeDatabase onSocket = FakeDatabase.onUnixSocket(FakeDatabase.Dialect.MYSQL, socket);
             FakeDatabase attacker = FakeDatabase.onLoopback(FakeDatabase.Dialect.MYSQL)) {
            server.create("connections", "connection", "{\"name\":\"my-victim\",\"type\":\"mysql\",\"host\":\"127.0.0.1\","
                    + "\"port\":" + legit.port() + ",\"database\":\"d\",\"user\":\"u\",\"password\":\"" + PASSWORD + "\"}");
            probe("my-victim");
            assertThat(legit.sawPassword(PASSWORD)).as("the fake recognises the scrambled password").isTrue();
            assertThat(server.api().post("/api/v1/connections/my-victim/test").jsonPath().getString("error"))
                    .isEqualTo("127.0.0.1:" + legit.port() + ": authentication failed");
            List<Integer> statuses = new ArrayList<>();
            for (String attack : new String[] {
                    "\"database\":\"d?localSocket=" + socket + "\"",
                    "\"database\":\"d?socketFactory=x&localSocket=" + socket + "\"",
                    "\"user\":\"u?localSocket=" + socket + "\"",
                    "\"database\":\"d?permitRedirect=true\""}) {
                statuses.add(patch("my-victim", attack).statusCode());
                probe("my-victim");
            }
            assertThat(onSocket.connections.get()).isZero();
            assertThat(onSocket.sawPassword(PASSWORD)).isFalse();
            assertThat(attacker.connections.get()).isZero();
            assertThat(statuses).containsOnly(400);
        }
    }

    @Test
    void moving_the_connection_with_the_password_sent_again_is_allowed_and_only_then_reaches_the_new_listener()
            throws Exception {
        try (FakeDatabase first = FakeDatabase.onLoopback(FakeDatabase.Dialect.POSTGRES);
             FakeDatabase second = FakeDatabase.onLoopback(FakeDatabase.Dialect.POSTGRES)) {
            server.create("connections", "connection", "{\"name\":\"pg-moved\",\"type\":\"postgres\",\"host\":\"127.0.0.1\","
                    + "\"port\":" + first.port() + ",\"database\":\"d\",\"user\":\"u\",\"password\":\"" + PASSWORD + "\"}");
            assertThat(patch("pg-moved", "\"port\":" + second.port()).statusCode()).isEqualTo(400);
            probe("pg-moved");
            assertThat(second.connections.get()).isZero();
            assertThat(patch("pg-moved", "\"port\":" + second.port() + ",\"password\":\"new-pass-77\"").statusCode())
                    .isEqualTo(200);
            probe("pg-moved");
            assertThat(second.sawPassword("new-pass-77")).isTrue();
            assertThat(second.sawPassword(PASSWORD)).isFalse();
        }
    }
}
