package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A write waits for a row that another database client holds only as long as {@code writeTimeoutMillis}. Alone: it
 * measures when the refusal comes.
 */
@Isolated
class WriteTimeoutTest {
    @Test
    void a_write_that_cannot_get_its_row_within_write_timeout_millis_is_a_503_that_stores_nothing() throws Exception {
        try (TestServer server = TestServer.startWith("writeTimeoutMillis: 400\n")) {
            server.api().body("{\"dashboard\":{\"name\":\"held\",\"title\":\"before\"}}").post("/api/v1/dashboards")
                    .then().statusCode(200);
            // Another client of the database (an operator's SQL session, a stuck instance) holds the row.
            try (java.sql.Connection holder = server.dataSource().getConnection()) {
                holder.setAutoCommit(false);
                try (var lock = holder.prepareStatement(
                        "SELECT version FROM documents WHERE resource = 'dashboards' AND name = 'held' FOR UPDATE")) {
                    lock.executeQuery().close();
                }
                long start = System.nanoTime();
                var refused = server.api().body("{\"dashboard\":{\"title\":\"after\"}}").patch("/api/v1/dashboards/held");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.jsonPath().getString("error")).contains("400 ms").contains("nothing was stored");
                assertThat(millis).as("answered when writeTimeoutMillis ran out, not when the row was let go")
                        .isBetween(300L, 2_000L);
                holder.rollback();
            }
            var current = server.api().get("/api/v1/dashboards/held");
            assertThat(current.jsonPath().getString("dashboard.title")).isEqualTo("before");
            assertThat(current.header("ETag")).isEqualTo("\"1\"");
            assertThat(ConsistencyStorm.history(server.port(), server.token, "held")).hasSize(1);
            server.api().body("{\"dashboard\":{\"title\":\"after\"}}").patch("/api/v1/dashboards/held")
                    .then().statusCode(200).header("ETag", "\"2\"");
        }
    }
}
