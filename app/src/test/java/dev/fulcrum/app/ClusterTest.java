package dev.fulcrum.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.config.ConfigLoader;
import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances on one PostgreSQL database, as behind a load balancer: one connection monitor checks (the
 * holder of the advisory lock), every instance answers the same state, and a change made through one instance
 * (a revoked token, a changed role) is refused by the others as soon as its announcement is heard, or within a second
 * of polling while the listening connection is lost.
 */
@EnabledIfSystemProperty(named = "fulcrum.test.store", matches = "pg")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@StartsProcesses
class ClusterTest {
    private static final String CONFIG = "connectionMonitorIntervalSeconds: 1\nconnectionTestTimeoutMillis: 1000\n";
    private Cluster cluster;

    @BeforeAll
    void startThreeInstances() throws Exception {
        cluster = new Cluster(Files.createTempDirectory("fulcrum-cluster"));
        for (int i = 0; i < 3; i++) {
            cluster.startInstance();
        }
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void one_instance_probes_all_answer_the_same_state_and_a_stop_through_one_stops_the_probes() throws Exception {
        try (FakeDruid druid = FakeDruid.plain()) {
            assertThat(cluster.api(0).body("{\"connection\":{\"name\":\"live\",\"type\":\"druid\",\"queryHosts\":[\""
                    + druid.host() + "\"]}}").post("/api/v1/connections").statusCode()).isEqualTo(200);
            cluster.awaitState(1, "live", "RUNNING");
            assertThat(cluster.advisoryLocks()).as("one leader").isEqualTo(1);
            cluster.assertOneProber(druid);

            assertThat(cluster.api(2).post("/api/v1/connections/live/stop").jsonPath().getString("state")).isEqualTo("STOPPED");
            druid.awaitIdle();
            int stopped = druid.received.get();
            for (int i = 0; i < 3; i++) {
                assertThat(cluster.status(i, "live")).as("instance " + i).isEqualTo(cluster.status(0, "live"))
                        .contains("\"state\":\"STOPPED\"");
                assertThat(cluster.api(i).get("/api/v1/connections?include=status").asString()).as("instance " + i)
                        .isEqualTo(cluster.api(0).get("/api/v1/connections?include=status").asString());
            }
            Thread.sleep(2_500); // two and a half rounds: no instance may check a stopped connection
            assertThat(druid.received.get()).isEqualTo(stopped);

            assertThat(cluster.api(1).post("/api/v1/connections/live/fail").jsonPath().getString("state")).isEqualTo("FAILED");
            assertThat(cluster.api(0).post("/api/v1/connections/live/start").jsonPath().getString("state")).isEqualTo("STARTING");
            cluster.awaitState(2, "live", "RUNNING"); // checked by the leader, whichever instance it is
            cluster.api(1).post("/api/v1/connections/live/stop").then().statusCode(200);
        }
    }

    /**
     * The leader's lock session ended under it (pg_terminate_backend) while its monitor runs on: it learns so before
     * its next check, and from then on one instance probes, the old leader again only if it won the lock anew.
     */
    @Test
    void a_leader_whose_lock_session_ends_stops_probing_and_one_instance_probes() throws Exception {
        try (FakeDruid druid = FakeDruid.plain()) {
            cluster.api(2).body("{\"connection\":{\"name\":\"orphan\",\"type\":\"druid\",\"queryHosts\":[\""
                    + druid.host() + "\"]}}").post("/api/v1/connections").then().statusCode(200);
            cluster.awaitState(0, "orphan", "RUNNING");
            assertThat(cluster.query("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).isEqualTo(1);
            cluster.await(() -> cluster.advisoryLocks() == 1); // taken again, by one instance
            cluster.assertOneProber(druid);
            cluster.api(0).post("/api/v1/connections/orphan/stop").then().statusCode(200);
        }
    }

    @Test
    void a_revoked_token_and_a_changed_role_are_refused_by_every_instance_within_a_second() throws Exception {
        cluster.await(() -> cluster.apps.stream().allMatch(app -> app.database().changes().heard()));
        cluster.api(0).body("{\"role\":{\"name\":\"auditors\",\"permissions\":[{\"name\":\"SeeAuditLog\"}]}}")
                .post("/api/v1/roles").then().statusCode(200);
        String revoked = cluster.tokenOfRole("revoked", "auditors");
        cluster.awaitRefusedByOthers(revoked, 401, () -> cluster.api(0).delete("/api/v1/api-tokens/revoked").statusCode() == 200);

        String demoted = cluster.tokenOfRole("demoted", "auditors");
        cluster.awaitRefusedByOthers(demoted, 403, () -> cluster.api(0).body("{\"role\":{\"name\":\"auditors\","
                + "\"permissions\":[]}}").post("/api/v1/roles").statusCode() == 200);
    }

    /** No change is announced when a user-status's time comes: a cached check must not outlive it. */
    @Test
    void a_user_disabled_from_a_later_time_is_refused_by_every_instance_from_that_time() throws Exception {
        cluster.await(() -> cluster.apps.stream().allMatch(app -> app.database().changes().heard()));
        cluster.api(0).body("{\"user\":{\"name\":\"later@example.com\"}}").post("/api/v1/users").then().statusCode(200);
        String token = cluster.apps.get(0).tokens().create(new TokenRequest("later", null, "later@example.com", "test", null));
        Instant from = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        cluster.api(0).body("{\"userStatus\":{\"name\":\"later@example.com\",\"disabled\":\"" + from + "\"}}")
                .post("/api/v1/user-statuses").then().statusCode(200);
        cluster.awaitRefusedByOthers(token, 401, () -> {
            try {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), from).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        });
    }

    @Test
    void when_the_listening_connections_are_killed_caches_poll_until_they_listen_again() throws Exception {
        long killedAt = cluster.query("SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint");
        assertThat(cluster.terminate("fulcrum-listener")).isEqualTo(3);
        // at once: each instance either polls (it noticed the loss) or already listens again (and forgot its cache)
        String whileDeaf = cluster.tokenOfRole("while-deaf", "super-admin");
        cluster.awaitRefusedByOthers(whileDeaf, 401,
                () -> cluster.api(0).delete("/api/v1/api-tokens/while-deaf").statusCode() == 200);

        cluster.await(() -> cluster.query("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = 'fulcrum-listener' AND backend_start > to_timestamp(" + killedAt + " / 1000.0)") == 3
                && cluster.apps.stream().allMatch(app -> app.database().changes().heard())); // connected again by itself
        String heardAgain = cluster.tokenOfRole("heard-again", "super-admin");
        cluster.awaitRefusedByOthers(heardAgain, 401,
                () -> cluster.api(0).delete("/api/v1/api-tokens/heard-again").statusCode() == 200);
    }

    /**
     * A real kill -9 of the leader, a server process of its own: PostgreSQL ends its session, the lock is free, and
     * one of the two instances left takes it within 10 s (they ask every 2 s) and checks; the other does not.
     */
    @Test
    void when_the_leader_is_killed_another_instance_takes_over_within_ten_seconds() throws Exception {
        try (FakeDruid druid = FakeDruid.plain(); Cluster survivors = new Cluster(Files.createTempDirectory("fulcrum-leader"))) {
            Processes.Server leader = Processes.serve(survivors.dir, "config.yaml");
            try {
                survivors.await(() -> survivors.advisoryLocks() == 1); // the process leads
                survivors.startInstance();
                survivors.startInstance();
                assertThat(survivors.api(0).body("{\"connection\":{\"name\":\"c\",\"type\":\"druid\",\"queryHosts\":[\""
                        + druid.host() + "\"]}}").post("/api/v1/connections").statusCode()).isEqualTo(200);
                survivors.awaitState(1, "c", "RUNNING");
            } finally {
                leader.kill9();
            }
            int before = druid.received.get();
            long killedAt = System.nanoTime();
            while (druid.received.get() == before) {
                assertThat(System.nanoTime() - killedAt).as("a new leader checks").isLessThan(TimeUnit.SECONDS.toNanos(10));
                Thread.sleep(50);
            }
            assertThat(survivors.advisoryLocks()).isEqualTo(1);
            survivors.assertOneProber(druid);
        }
    }

    /** Instances on one new database, started in this JVM, each with an admin token; one config.yaml in {@code dir}. */
    private static final class Cluster implements AutoCloseable {
        final Path dir;
        final String url;
        final List<FulcrumApp> apps = new ArrayList<>();
        final List<String> tokens = new ArrayList<>();

        Cluster(Path dir) throws Exception {
            this.dir = dir;
            this.url = TestDatabases.newPostgresDatabase();
            Files.writeString(dir.resolve("config.yaml"), "port: 0\nshutdownGraceMillis: 2000\nstateStore:\n  type: pg\n"
                    + "  connection: " + url + "\n  user: postgres\nsecretKeyFile: " + dir.resolve("secret.key") + "\n" + CONFIG);
        }

        void startInstance() {
            FulcrumApp app = FulcrumApp.start(ConfigLoader.load(dir.resolve("config.yaml")));
            apps.add(app);
            tokens.add(app.tokens().create("admin-" + apps.size()));
        }

        RequestSpecification api(int instance) {
            return given().port(apps.get(instance).port()).header("x-imply-api-token", tokens.get(instance));
        }

        String status(int instance, String connection) {
            return api(instance).get("/api/v1/connections/" + connection + "/status").asString();
        }

        String tokenOfRole(String name, String role) {
            return apps.get(0).tokens().create(new TokenRequest(name, role, null, "cli", null));
        }

        void awaitState(int instance, String connection, String state) throws InterruptedException {
            await(() -> status(instance, connection).contains("\"state\":\"" + state + "\""));
        }

        /**
         * Someone probes, and in the next 3 s (or however long the sleep took) no more than one prober's rounds of
         * 1 s can make, plus a round at a takeover: three probers would make about three times as many. A loaded
         * machine only lowers the count.
         */
        void assertOneProber(FakeDruid druid) throws InterruptedException {
            int before = druid.received.get();
            await(() -> druid.received.get() > before);
            int from = druid.received.get();
            long start = System.nanoTime();
            Thread.sleep(3_000);
            int probes = druid.received.get() - from;
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(probes).as("probes in " + seconds + " s of rounds of 1 s").isLessThanOrEqualTo((int) seconds + 2);
        }

        void await(BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!condition.getAsBoolean()) {
                assertThat(System.nanoTime()).as("waited 15 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        /**
         * Uses {@code token} on instances 1 and 2 (which cache its check), makes a change through instance 0, and
         * then requires every request to them sent more than 1 s later to be refused with {@code status}.
         */
        void awaitRefusedByOthers(String token, int status, BooleanSupplier change) throws InterruptedException {
            for (int i = 1; i < 3; i++) {
                assertThat(given().port(apps.get(i).port()).header("x-imply-api-token", token).get("/api/v1/audit")
                        .statusCode()).isEqualTo(200);
            }
            assertThat(change.getAsBoolean()).isTrue();
            long changedAt = System.nanoTime();
            while (true) {
                long sentAt = System.nanoTime();
                List<Integer> statuses = List.of(
                        given().port(apps.get(1).port()).header("x-imply-api-token", token).get("/api/v1/audit").statusCode(),
                        given().port(apps.get(2).port()).header("x-imply-api-token", token).get("/api/v1/audit").statusCode());
                if (statuses.equals(List.of(status, status))) {
                    return;
                }
                assertThat(sentAt - changedAt).as("a request sent more than 1 s after the change was served")
                        .isLessThan(TimeUnit.SECONDS.toNanos(1));
                Thread.sleep(10);
            }
        }

        /** How many advisory locks are held on this database. */
        long advisoryLocks() {
            return query("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        }

        /** Ends the sessions of this database named {@code application}, as an operator's pg_terminate_backend would. */
        long terminate(String application) {
            return query("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = '" + application + "'");
        }

        long query(String sql) {
            try (Connection connection = DriverManager.getConnection(url, "postgres", null);
                 Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            apps.forEach(FulcrumApp::close);
        }
    }
}
