package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/ready} pings the database with a query timeout. H2 keeps a statement's query timeout on its
 * session, so the pooled connection that answered a ping canceled its later statements of more than a second (a
 * review saw history pages answered 500 after readiness probes).
 */
class PingTest {
    @Test
    void a_ping_leaves_no_query_timeout_on_any_pooled_session() throws Exception {
        Database database = Database.open(TestDatabase.H2.newConfig(TestDatabase.WRITE_TIMEOUT));
        try {
            for (int i = 0; i < 40; i++) {
                database.ping(Duration.ofSeconds(1));
            }
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < Database.POOL_SIZE; i++) { // the whole pool
                    held.add(database.dataSource().getConnection());
                }
                for (Connection connection : held) {
                    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
                    assertThat(session.getQueryTimeout()).as("a pooled session's query timeout, in ms").isZero();
                }
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
        } finally {
            database.close();
        }
    }
}
