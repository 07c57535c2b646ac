package dev.fulcrum.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** What only several instances on one PostgreSQL, or a PostgreSQL that goes away, can show. */
@EnabledIfSystemProperty(named = "fulcrum.test.store", matches = "pg")
@Isolated // measures time or captures stderr: runs with no other test class beside it
@StartsProcesses
class PostgresTest {
    @TempDir
    Path dir;

    @Test
    void two_instances_on_one_database_see_each_others_writes_and_revocations() throws Exception {
        // a password in the URL's parameters (the embedded database trusts local users, so it is not checked)
        // must not reach the log, which shows where the database is
        String store = TestDatabases.stateStoreConfig(dir).replaceFirst("(connection: \\S+)", "$1?password=URL-PW-73c1");
        Files.writeString(dir.resolve("config.yaml"), "port: 0\n" + store + "secretKeyFile: " + dir.resolve("secret.key") + "\n");
        String token = Processes.run(dir, "token", "create", "--name", "shared").lastLine();
        Processes.Server one = Processes.serve(dir, "config.yaml");
        Processes.Server two = Processes.serve(dir, "config.yaml");
        try {
            for (int i = 0; i < 20; i++) {
                Processes.Server writer = i % 2 == 0 ? one : two;
                Processes.Server reader = i % 2 == 0 ? two : one;
                assertThat(given().port(writer.port()).header("x-imply-api-token", token)
                        .body("{\"dashboard\":{\"name\":\"shared\",\"title\":\"v" + i + "\"}}")
                        .post("/api/v1/dashboards").statusCode()).isEqualTo(200);
                // read at once through the other instance: no cache stands between it and the database
                assertThat(given().port(reader.port()).header("x-imply-api-token", token)
                        .get("/api/v1/dashboards/shared").jsonPath().getString("dashboard.title")).isEqualTo("v" + i);
            }
            // the secret key is shared through the file both read: a secret sealed by one opens in the other
            assertThat(given().port(one.port()).header("x-imply-api-token", token)
                    .body("{\"connection\":{\"name\":\"c\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"password\":\"p-1\"}}")
                    .post("/api/v1/connections").statusCode()).isEqualTo(200);

            // revoked through one instance's API: every instance refuses it within 1 second (each forgets a cached
            // check when it hears the revocation, or polls every second while it hears nothing), so no request that
            // starts later than that may still succeed
            String admin = Processes.run(dir, "token", "create", "--name", "admin").lastLine();
            assertThat(given().port(two.port()).header("x-imply-api-token", token).get("/api/v1/roles").statusCode())
                    .isEqualTo(200); // the other instance has the token's check cached now
            assertThat(given().port(one.port()).header("x-imply-api-token", admin).delete("/api/v1/api-tokens/shared")
                    .statusCode()).isEqualTo(200);
            long revokedAt = System.nanoTime();
            long refusedBy = revokedAt + TimeUnit.SECONDS.toNanos(1);
            boolean refusedByBoth = false;
            while (System.nanoTime() - revokedAt < TimeUnit.SECONDS.toNanos(3)) {
                long sentAt = System.nanoTime();
                int statusOne = given().port(one.port()).header("x-imply-api-token", token).get("/api/v1/roles").statusCode();
                int statusTwo = given().port(two.port()).header("x-imply-api-token", token).get("/api/v1/roles").statusCode();
                assertThat(statusOne).as("the instance that revoked it").isEqualTo(401);
                if (sentAt > refusedBy) {
                    assertThat(statusTwo).as("the other instance, more than 1 s after the revocation").isEqualTo(401);
                }
                refusedByBoth = statusTwo == 401;
            }
            assertThat(refusedByBoth).isTrue();
        } finally {
            one.terminate();
            two.terminate();
        }
        assertThat(one.output().toString()).contains("state: pg at jdbc:postgresql://").doesNotContain("URL-PW-73c1");
        assertThat(two.output().toString()).doesNotContain("URL-PW-73c1");
    }

    @Test
    void names_sort_by_their_bytes_whatever_the_database_locale() {
        try (TestServer server = TestServer.startOn("pg")) {
            List<String> collations = org.jdbi.v3.core.Jdbi.create(server.dataSource()).withHandle(handle -> handle
                    .createQuery("SELECT table_name || '.' || column_name || '=' || collation_name FROM information_schema.columns"
                            + " WHERE column_name IN ('name', 'resource') AND table_name IN ('documents', 'document_fields')"
                            + " ORDER BY 1").mapTo(String.class).list());
            assertThat(collations).containsExactly("document_fields.name=C", "document_fields.resource=C",
                    "documents.name=C", "documents.resource=C");
        }
    }

    @Test
    void its_sessions_commit_durably_even_where_the_server_defaults_to_not_waiting_for_the_disk() throws Exception {
        try (TestServer server = TestServer.startOn("pg")) {
            String url;
            try (Connection pooled = server.dataSource().getConnection()) {
                assertThat(show(pooled)).as("a connection of the server's pool").isEqualTo("on");
                url = pooled.getMetaData().getURL();
            }
            // the embedded PostgreSQL runs with synchronous_commit=off: a crash loses the last acknowledged commits
            try (Connection other = DriverManager.getConnection(url, "postgres", null)) {
                assertThat(show(other)).as("any other session on the test database").isEqualTo("off");
            }
            assertThat(server.api().body("{\"dashboard\":{\"name\":\"durable\"}}").post("/api/v1/dashboards")
                    .statusCode()).isEqualTo(200);
        }
    }

    private static String show(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW synchronous_commit")) {
            result.next();
            return result.getString(1);
        }
    }

    @Test
    void while_the_database_is_away_requests_get_503_and_the_server_recovers_by_itself() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("pgdata"));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
                .setCleanDataDirectory(false);
        EmbeddedPostgres postgres = builder.start();
        Path serverDir = Files.createDirectories(dir.resolve("server"));
        Files.writeString(serverDir.resolve("config.yaml"), "port: 0\nstateStore:\n  type: pg\n  connection: jdbc:postgresql://127.0.0.1:"
                + port + "/postgres\n  user: postgres\nsecretKeyFile: " + serverDir.resolve("secret.key") + "\n");
        String token = Processes.run(serverDir, "token", "create", "--name", "load").lastLine();
        Processes.Server server = Processes.serve(serverDir, "config.yaml");
        ExecutorService load = Executors.newFixedThreadPool(4);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<Object>> loaders = new ArrayList<>();
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        Set<String> outageErrors = ConcurrentHashMap.newKeySet();
        Set<String> created = ConcurrentHashMap.newKeySet(); // dashboards whose POST was answered 200
        try {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                loaders.add(load.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        Response response = thread % 2 == 0
                                ? given().port(server.port()).header("x-imply-api-token", token)
                                        .body("{\"dashboard\":{\"name\":\"d" + thread + "-" + i + "\"}}").post("/api/v1/dashboards")
                                : given().port(server.port()).header("x-imply-api-token", token).get("/api/v1/dashboards?per_page=5");
                        statuses.add(response.statusCode());
                        if (thread % 2 == 0 && response.statusCode() == 200) {
                            created.add("d" + thread + "-" + i);
                        }
                        if (response.statusCode() == 503) {
                            outageErrors.add(response.jsonPath().getString("error"));
                        }
                    }
                    return null;
                }));
            }
            long loaded = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (created.isEmpty() && System.nanoTime() < loaded) {
                Thread.sleep(20); // until the load is running: a write of it is acknowledged
            }
            assertThat(created).isNotEmpty();
            postgres.close(); // the database goes away under load
            Response health = awaitHealth(server, 503);
            assertThat(health.jsonPath().getString("status")).isEqualTo("unavailable");
            // refused requests are audited off the request path: while the database is away their batch is refused,
            // and one entry (method "-") says later how many were not recorded
            for (int i = 0; i < 3; i++) {
                assertThat(given().port(server.port()).header("x-imply-api-token", "fulcrum_look-alike-" + i).get("/api/v1/roles")
                        .statusCode()).isEqualTo(401);
            }
            // (the queue tries every 0.1 s, and the 503s below keep the database away for seconds more)
            for (int i = 0; i < 3; i++) {
                // each answer comes within the pool's 2 s wait for a connection (plus the request's own time)
                long sentAt = System.nanoTime();
                Response away = given().port(server.port()).header("x-imply-api-token", token).get("/api/v1/dashboards/d0-0");
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
                assertThat(away.statusCode()).isEqualTo(503);
                assertThat(tookMillis).as("a 503 while the database is away").isLessThan(2_500);
            }

            postgres = builder.start(); // and comes back: no restart of Fulcrum
            awaitHealth(server, 200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int status;
            do {
                status = given().port(server.port()).header("x-imply-api-token", token)
                        .body("{\"dashboard\":{\"name\":\"after\"}}").post("/api/v1/dashboards").statusCode();
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);
            for (String name : Set.copyOf(created)) { // every write acknowledged before, during or after the outage
                assertThat(given().port(server.port()).header("x-imply-api-token", token).get("/api/v1/dashboards/" + name)
                        .statusCode()).as(name).isEqualTo(200);
            }
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            for (Future<Object> loader : loaders) {
                loader.get(); // a load thread that failed (an exception instead of an answer) fails the test
            }
            assertThat(statuses).contains(200, 503).isSubsetOf(200, 503);
            long auditDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> methods = new ArrayList<>();
            do {
                // every page of the log, newest first: the load's writes bury the entry under many others
                methods.clear();
                String cursor = null;
                do {
                    Response page = given().port(server.port()).header("x-imply-api-token", token)
                            .get("/api/v1/audit?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
                    methods.addAll(page.jsonPath().getList("audit.method"));
                    cursor = page.jsonPath().getString("nextCursor");
                } while (cursor != null);
            } while (!methods.contains("-") && System.nanoTime() < auditDeadline);
            assertThat(methods).as("the entry saying how many refusals were not recorded; the server said: "
                    + server.output().toString().lines().filter(line -> line.contains("audit")).toList()).contains("-");
            assertThat(outageErrors).isNotEmpty().allSatisfy(error -> assertThat(error).contains("database"));
        } finally {
            running.set(false);
            load.shutdownNow();
            server.terminate();
            postgres.close();
        }
    }

    private static Response awaitHealth(Processes.Server server, int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Response health;
        do {
            health = given().port(server.port()).get("/health");
            if (health.statusCode() == wanted) {
                return health;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/health did not answer " + wanted + " in time; last: " + health.statusCode() + " " + health.asString());
    }
}
