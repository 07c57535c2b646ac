package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}: off by default (a 404 like any unknown path); on, Prometheus' text format for a token whose
 * role has ReadMetrics, presented as a scrape job presents it, with the meters the README lists, and a number of
 * series that requests to ever new paths and names do not grow.
 */
class MetricsTest {
    /** A sample line of the text format: a name, labels, a value, perhaps a timestamp. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? (\\S+)( -?\\d+)?");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWith("metrics: {enabled: true}\n");
        server.create("roles", "role", "{\"name\": \"scraper\", \"title\": \"Scraper\","
                + " \"permissions\": [{\"name\": \"ReadMetrics\"}]}");
        server.create("roles", "role", "{\"name\": \"auditor\", \"title\": \"Auditor\","
                + " \"permissions\": [{\"name\": \"SeeAuditLog\"}]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void metrics_are_off_by_default_and_their_path_is_a_404_like_any_unknown_one() {
        try (TestServer plain = TestServer.start()) {
            Response metrics = plain.api().get("/metrics");
            Response unknown = plain.api().get("/no-such-path");
            assertThat(metrics.statusCode()).isEqualTo(404);
            assertThat(metrics.asString()).isEqualTo(unknown.asString()).contains("\"error\"");
        }
    }

    @Test
    void without_a_token_it_is_a_401_with_a_json_error_and_a_bearer_challenge() {
        Response response = server.anonymous().get("/metrics");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(Jsons.parse(response.asString()).path("error").asText()).contains("missing API token");
        assertThat(server.anonymous().header("Authorization", "Bearer fulcrum_nonsense").get("/metrics").statusCode())
                .isEqualTo(401);
    }

    @Test
    void a_token_whose_role_lacks_ReadMetrics_is_a_403_naming_it_and_recorded_in_the_audit_log() {
        String auditor = server.tokenService().create(new TokenRequest("auditor-token", "auditor", null, "cli", null));
        Response response = server.anonymous().header("Authorization", "Bearer " + auditor).get("/metrics");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Jsons.parse(response.asString()).path("error").asText())
                .isEqualTo("reading metrics needs ReadMetrics, which token 'auditor-token' (role 'auditor') does not have");
        server.flushAudit();
        Response audit = server.api().get("/api/v1/audit?actor=auditor-token");
        assertThat(audit.jsonPath().getList("audit.path")).containsExactly("/metrics");
        assertThat(audit.jsonPath().getList("audit.status")).containsExactly(403);
    }

    @Test
    void a_role_with_ReadMetrics_reads_them_as_a_scrape_job_with_a_bearer_token_does() {
        String scraper = server.tokenService().create(new TokenRequest("prometheus", "scraper", null, "cli", null));
        Response response = server.anonymous().header("Authorization", "Bearer " + scraper).get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertParsable(response.asString());
        // the API's own header works too, and super-admin has the permission
        assertThat(server.api().get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void after_some_traffic_every_listed_meter_is_there_with_sensible_values() throws InterruptedException {
        server.api().get("/api/v1/data-cubes").then().statusCode(200);
        server.api().get("/api/v1/data-cubes/not-there").then().statusCode(404);
        server.anonymous().get("/api/v1/data-cubes").then().statusCode(401);
        server.anonymous().header("x-imply-api-token", "not-a-token").get("/api/v1/roles").then().statusCode(401);
        String revoked = server.tokenService().create("soon-revoked");
        server.tokenService().revoke("soon-revoked");
        server.anonymous().header("x-imply-api-token", revoked).get("/api/v1/roles").then().statusCode(401);
        String expiring = server.tokenService().create(new TokenRequest("expiring", null, null, "cli", Duration.ofMillis(1)));
        Thread.sleep(10); // past its expiry
        server.anonymous().header("Authorization", "Bearer " + expiring).get("/metrics").then().statusCode(401);
        server.create("connections", "connection", "{\"name\": \"watched\", \"type\": \"druid\","
                + " \"queryHosts\": [\"127.0.0.1:1\"]}");
        server.api().post("/api/v1/connections/watched/stop").then().statusCode(200);

        String text = scrape();
        assertParsable(text);
        assertThat(sum(text, "http_server_requests_seconds_count", "method=\"GET\"", "route=\"/api/v1/{resource}\"",
                "status=\"200\"")).isGreaterThanOrEqualTo(1);
        assertThat(sum(text, "http_server_requests_seconds_count", "route=\"/api/v1/{resource}/{name}\"",
                "status=\"404\"")).isGreaterThanOrEqualTo(1);
        assertThat(sum(text, "http_server_requests_seconds_bucket", "route=\"/api/v1/{resource}\"", "le=\"+Inf\""))
                .as("a latency histogram").isGreaterThanOrEqualTo(1);
        assertThat(sum(text, "http_server_requests_seconds_count", "route=\"NOT_ROUTED\"", "status=\"401\""))
                .as("refused before routing: at the door, or by the gate").isGreaterThanOrEqualTo(3);
        assertThat(sum(text, "http_server_requests_seconds_count", "route=\"NOT_FOUND\"", "status=\"401\"")).isZero();
        assertThat(text).doesNotContain("not-there");
        for (String reason : List.of("missing", "malformed", "unknown", "expired")) {
            assertThat(sum(text, "fulcrum_token_refusals_total", "reason=\"" + reason + "\"")).as(reason).isGreaterThanOrEqualTo(1);
        }
        assertThat(sum(text, "fulcrum_token_refusals_total", "reason=\"user_disabled\"")).isZero();
        assertThat(sum(text, "fulcrum_connections", "state=\"STOPPED\"")).isEqualTo(1);
        assertThat(sum(text, "fulcrum_connections", "state=\"RUNNING\"")).isZero();
        assertThat(sum(text, "fulcrum_password_hashes_in_flight")).isBetween(0.0, 64.0);
        assertThat(sum(text, "fulcrum_audit_queue_depth")).isGreaterThanOrEqualTo(0);
        assertThat(sum(text, "fulcrum_audit_dropped_total")).isZero();
        assertThat(sum(text, "hikaricp_connections_max", "pool=\"fulcrum-state\"")).isEqualTo(16);
        assertThat(sum(text, "hikaricp_connections_acquire_seconds_count", "pool=\"fulcrum-state\"")).isPositive();
        assertThat(sum(text, "jvm_memory_used_bytes", "area=\"heap\"")).isPositive();
        assertThat(sum(text, "jvm_threads_live_threads")).isPositive();
        assertThat(sum(text, "jvm_classes_loaded_classes")).isPositive();
        assertThat(text).contains("jvm_gc_");
        assertThat(sum(text, "process_uptime_seconds")).isPositive();
        assertThat(sum(text, "process_cpu_usage")).isGreaterThanOrEqualTo(0);
        assertThat(sum(text, "system_cpu_count")).isPositive();
    }

    @Nested
    class Cardinality {
        @Test
        void ten_thousand_unknown_paths_and_two_thousand_document_names_add_no_series() throws Exception {
            flood(200, "w"); // every kind of request once, so that its series exist
            String before = scrape();
            flood(10_000, "p");
            String after = scrape();
            assertThat(series(after, "http_server_requests_seconds")).isEqualTo(series(before, "http_server_requests_seconds"));
            assertThat(series(after, "fulcrum_")).isEqualTo(series(before, "fulcrum_"));
            // the JVM's may add a few (a new kind of GC pause), never thousands
            assertThat(series(after, "")).isLessThan(series(before, "") + 50);
            assertThat(after).doesNotContain("p-9999");
        }

        /** {@code count} GETs of distinct unknown paths, a fifth as many of distinct data cube names, 8 at a time. */
        private void flood(int count, String prefix) throws Exception {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String base = "http://127.0.0.1:" + server.port();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    String unknown = base + "/" + prefix + "-" + i + "/x";
                    statuses.add(threads.submit(() -> get(client, unknown)));
                    if (i % 5 == 0) {
                        String cube = base + "/api/v1/data-cubes/" + prefix + "-" + i;
                        statuses.add(threads.submit(() -> get(client, cube)));
                    }
                }
                for (Future<Integer> status : statuses) {
                    assertThat(status.get()).isEqualTo(404);
                }
            } finally {
                threads.shutdownNow();
            }
        }

        private int get(HttpClient client, String url) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("x-imply-api-token", server.token).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static String scrape() {
        Response response = server.api().get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.asString();
    }

    /** Every line is a comment (# HELP, # TYPE) or a sample, and every sample's family has a # TYPE. */
    private static void assertParsable(String text) {
        assertThat(text).endsWith("\n");
        List<String> typed = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                typed.add(line.split(" ")[2]);
                continue;
            }
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: " + line).isTrue();
            Double.parseDouble(sample.group(3).replace("Inf", "Infinity"));
            String name = sample.group(1);
            assertThat(typed).as("a # TYPE before " + name).anyMatch(family -> name.startsWith(family));
        }
    }

    /** The sum of the samples of {@code name} that carry every one of {@code labels} ({@code key="value"}). */
    private static double sum(String text, String name, String... labels) {
        double sum = 0;
        for (String line : text.lines().filter(line -> !line.startsWith("#")).toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches() && sample.group(1).equals(name)
                    && List.of(labels).stream().allMatch(label -> sample.group(2) != null && sample.group(2).contains(label))) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }

    /** How many series whose name starts with {@code prefix}. */
    private static long series(String text, String prefix) {
        return text.lines().filter(line -> !line.startsWith("#") && line.startsWith(prefix)).count();
    }
}
