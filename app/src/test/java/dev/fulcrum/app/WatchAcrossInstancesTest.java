package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database: a watcher on one sees what is written through the other, in order, and a
 * transaction that commits after a later one is neither skipped nor lost on a resume.
 */
class WatchAcrossInstancesTest {

    @Test
    void a_watcher_on_one_instance_sees_every_write_through_the_other_in_order_within_a_second() {
        try (TestServer one = TestServer.start(); FulcrumApp two = FulcrumApp.start(one.config());
             WatchClient watch = WatchClient.open(two.port(), "/api/v1/dashboards?watch=true", one.token, null)) {
            for (int i = 0; i < 20; i++) {
                one.create("dashboards", "dashboard", "{\"name\":\"across-" + i + "\",\"title\":\"T\"}");
                long acknowledged = System.nanoTime();
                WatchClient.Event event = watch.next(5);
                long seenAfter = System.nanoTime() - acknowledged;
                assertThat(event.json().get("name").asText()).isEqualTo("across-" + i);
                assertThat(event.json().get("type").asText()).isEqualTo("ADDED");
                assertThat(seenAfter).as("seen on the other instance within 1 s of the 200").isLessThan(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    @Test
    void a_write_that_commits_after_a_later_one_is_delivered_after_it_and_kept_for_a_resume() throws Exception {
        try (TestServer one = TestServer.start(); FulcrumApp two = FulcrumApp.start(one.config())) {
            one.create("dashboards", "dashboard", "{\"name\":\"late\",\"title\":\"v1\"}");
            try (WatchClient watch = WatchClient.open(two.port(), "/api/v1/dashboards?watch=true", one.token, null);
                 Connection operator = one.dataSource().getConnection()) {
                // an SQL session holds the filter row the next write of 'late' replaces: that write records its
                // history and its event (taking the next id), then waits for the row, uncommitted
                operator.setAutoCommit(false);
                try (Statement hold = operator.createStatement()) {
                    assertThat(hold.executeUpdate("UPDATE document_fields SET field_value = field_value"
                            + " WHERE resource = 'dashboards' AND name = 'late'")).isEqualTo(1);
                }
                CompletableFuture<Response> lateWrite = CompletableFuture.supplyAsync(() -> one.api()
                        .body("{\"dashboard\":{\"title\":\"v2\"}}").patch("/api/v1/dashboards/late"));
                waitUntilTheLateEventIsWritten(one);
                one.create("dashboards", "dashboard", "{\"name\":\"early\",\"title\":\"T\"}"); // a later id, committed first
                WatchClient.Event early = watch.next(5);
                assertThat(early.json().get("name").asText()).isEqualTo("early");
                operator.rollback(); // the late write goes on and commits
                assertThat(lateWrite.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                WatchClient.Event late = watch.next(5);
                assertThat(late.json().get("name").asText()).isEqualTo("late");
                assertThat(late.json().get("type").asText()).isEqualTo("MODIFIED");
                assertThat(Long.parseLong(late.id())).isGreaterThan(Long.parseLong(early.id()));
                // a client that had read up to 'early' and reconnects gets 'late' too
                try (WatchClient resumed = WatchClient.open(one.port(), "/api/v1/dashboards?watch=true", one.token, early.id())) {
                    assertThat(resumed.next(5).json().get("name").asText()).isEqualTo("late");
                }
            }
        }
    }

    /**
     * Until the held write has inserted its event: seen through a dirty read on H2; on PostgreSQL, which has none, as
     * a backend of this database waiting for a lock.
     */
    private static void waitUntilTheLateEventIsWritten(TestServer server) throws SQLException, InterruptedException {
        String query = TestDatabases.STORE.equals("pg")
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                : "SELECT COUNT(*) FROM document_events WHERE resource = 'dashboards' AND name = 'late' AND version = 2";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (Connection look = server.dataSource().getConnection(); Statement statement = look.createStatement()) {
            look.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            while (true) {
                try (ResultSet count = statement.executeQuery(query)) {
                    count.next();
                    if (count.getLong(1) > 0) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("the late write waits within 5 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
