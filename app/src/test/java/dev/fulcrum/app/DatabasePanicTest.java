package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When H2 meets an error it cannot go on from (a review made one with two clients writing 1.5 MB documents: an
 * OutOfMemoryError while it wrote a chunk), it closes the database: every session then answers "The database has
 * been closed" while still passing the pool's validity check. The server used to answer 503 to everything until a
 * restart. Here the test makes H2 panic as it does then, and the server must open the database again by itself:
 * answering 200 within seconds, reading what was acknowledged before, and keeping what it acknowledges after (a copy
 * of the file taken after each 200 holds it, as {@link H2CrashPointsTest} checks at start).
 */
class DatabasePanicTest {
    @TempDir
    Path copies;

    @Test
    void after_h2_closes_the_database_on_a_fatal_error_the_server_opens_it_again_and_loses_nothing() throws Exception {
        try (TestServer server = TestServer.startOn("h2")) {
            Path database = server.dir.resolve("db");
            Properties logins = H2CrashPointsTest.logins(database);
            for (int n = 0; n < 3; n++) {
                server.api().body("{\"dashboard\":{\"name\":\"panic-" + n + "\",\"title\":\"before\"}}")
                        .post("/api/v1/dashboards").then().statusCode(200);
                server.api().get("/api/v1/dashboards/panic-" + n).then().statusCode(200); // in the document cache
            }

            panic(database, logins);

            long deadline = System.nanoTime() + 10_000_000_000L;
            int status;
            java.util.Map<Integer, Integer> meanwhile = new java.util.TreeMap<>(); // status: how many
            do {
                status = server.api().get("/api/v1/dashboards/panic-0").statusCode();
                meanwhile.merge(status, 1, Integer::sum);
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).as("answers while the database reopens: %s", meanwhile).isEqualTo(200);
            assertThat(meanwhile.keySet()).as("nothing but 503 (try again) before it is back").isSubsetOf(200, 503);
            H2CrashPointsTest.ageInstantly(database, logins); // chunks in reused space, where H2 alone loses commits

            List<String> lost = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                String name = "panic-" + (i % 3);
                var response = server.api().body("{\"dashboard\":{\"title\":\"after-" + i + "\",\"notes\":\""
                        + "z".repeat(i * 1_500) + "\"}}").patch("/api/v1/dashboards/" + name);
                assertThat(response.statusCode()).as("write %d after the reopening: %s", i, response.asString()).isEqualTo(200);
                assertThat(server.api().get("/api/v1/dashboards/" + name).jsonPath().getString("dashboard.title"))
                        .as("read back at once, not from what was cached before the reopening").isEqualTo("after-" + i);
                String missing = H2CrashPointsTest.missingAfterKill(copies, database, logins, "write " + i, name, response);
                if (missing != null) {
                    lost.add(missing);
                }
            }
            assertThat(lost).as("writes after the reopening that a kill -9 right after their 200 would lose").isEmpty();
            for (int n = 0; n < 3; n++) {
                assertThat(server.api().get("/api/v1/dashboards/panic-" + n + "/history").jsonPath().getList("history"))
                        .as("panic-%d's history: its creation and its writes", n).hasSizeGreaterThan(1);
            }
        }
    }

    /** What H2 does on a fatal error inside its store (MVStore.panic): the store and the database close. */
    private static void panic(Path database, Properties logins) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database.resolve("state")
                + ";AUTO_SERVER=TRUE", logins.getProperty("user"), logins.getProperty("password"));
        try {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            MVStore store = session.getDatabase().getStore().getMvStore();
            Method panic = MVStore.class.getDeclaredMethod("panic", MVStoreException.class);
            panic.setAccessible(true);
            try {
                panic.invoke(store, DataUtils.newMVStoreException(DataUtils.ERROR_INTERNAL, "the test's fatal error"));
            } catch (java.lang.reflect.InvocationTargetException expected) {
                // panic throws what it was given, after closing the store
            }
            assertThat(store.isClosed()).as("H2's store closed").isTrue();
        } finally {
            try {
                connection.close();
            } catch (java.sql.SQLException expected) {
                // the session's close reports the database's fatal error again
            }
        }
    }
}
