package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** A real fault is a 500 whose reference, the request's id, is also in the log, never a stack trace in the answer. */
@Isolated // measures time or captures stderr: runs with no other test class beside it
class InternalErrorTest {

    @Test
    void a_500_carries_a_reference_that_is_also_in_the_log() {
        try (TestServer server = TestServer.start()) {
            server.create("dashboards", "dashboard", "{\"name\":\"broken\",\"title\":\"t\"}");
            // a fault no request can cause: the stored document is no longer JSON
            Jdbi.create(server.dataSource()).useHandle(handle -> handle.execute(
                    "UPDATE documents SET body = ? WHERE resource = 'dashboards' AND name = 'broken'", "{not json"));
            PrintStream stderr = System.err;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Response response;
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                response = server.api().body("{\"dashboard\":{\"title\":\"x\"}}").patch("/api/v1/dashboards/broken");
            } finally {
                System.setErr(stderr);
            }
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(500);
            String error = response.jsonPath().getString("error");
            Matcher reference = Pattern.compile("reference (\\S+)").matcher(error);
            assertThat(reference.find()).as(error).isTrue();
            assertThat(reference.group(1)).isEqualTo(response.header("X-Request-Id"));
            assertThat(response.asString()).doesNotContain("Exception", "\tat ", "not json");
            assertThat(log.toString(StandardCharsets.UTF_8)).contains(reference.group(1));
        }
    }
}
