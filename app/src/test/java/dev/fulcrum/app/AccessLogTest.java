package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * With {@code accessLog: true}, one line per request: time, id, method, route template, status, duration and the
 * token's name; never the token, the path a client sent, or a query string value. Off by default.
 */
class AccessLogTest {
    private static final String LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} INFO AccessLog - ";

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void each_request_is_one_line_with_its_route_template_and_token_name_but_no_secret() {
        try (TestServer server = TestServer.startWith("accessLog: true\n"); LogCapture log = new LogCapture()) {
            String read = unique("read");
            String refused = unique("refused");
            String health = unique("health");
            String page = unique("page");
            assertThat(server.api().header("X-Request-Id", read).get("/api/v1/roles/secret-name?password=hunter2")
                    .statusCode()).isEqualTo(404);
            assertThat(server.anonymous().header("X-Request-Id", refused).header("x-imply-api-token", "fulcrum_wrong")
                    .get("/api/v1/roles?token=hunter3").statusCode()).isEqualTo(401);
            server.anonymous().header("X-Request-Id", health).get("/health/ready");
            server.anonymous().header("X-Request-Id", page).get("/no/such/page-secret");

            assertThat(log.containing("requestId=" + read)).singleElement().asString()
                    .matches(LINE + "requestId=" + read + " method=GET route=/api/v1/\\{resource\\}/\\{name\\} status=404"
                            + " durationMs=\\d+ token=test\n")
                    .doesNotContain(server.token, "hunter2", "secret-name");
            assertThat(log.containing("requestId=" + refused)).singleElement().asString()
                    .matches(LINE + "requestId=" + refused + " method=GET route=- status=401 durationMs=\\d+ token=-\n")
                    .doesNotContain("hunter3", "fulcrum_wrong");
            assertThat(log.containing("requestId=" + health)).singleElement().asString()
                    .contains("route=/health/ready status=200");
            assertThat(log.containing("requestId=" + page)).singleElement().asString()
                    .contains("status=404").doesNotContain("page-secret");
        }
    }

    @Test
    void without_the_setting_there_is_no_access_log() {
        try (TestServer server = TestServer.start(); LogCapture log = new LogCapture()) {
            String id = unique("quiet");
            server.api().header("X-Request-Id", id).get("/api/v1/roles");
            assertThat(log.containing(id)).isEmpty();
        }
    }
}
