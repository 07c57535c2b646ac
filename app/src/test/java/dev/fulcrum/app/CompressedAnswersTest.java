package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers of 1,500 bytes or more are gzip-compressed for a client that accepts it, smaller ones and answers to other
 * clients are not, and either way the client reads exactly the JSON the server meant. Answers are copied into the
 * response in 2 KB chunks (bench/RESULTS.md): an answer of many chunks, and one just over the threshold, arrive whole.
 */
class CompressedAnswersTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("dashboards", "dashboard", "{\"name\":\"small\",\"title\":\"s\"}");
        server.create("dashboards", "dashboard", "{\"name\":\"threshold\",\"title\":\"" + "t".repeat(1_480) + "\"}");
        server.create("dashboards", "dashboard", "{\"name\":\"large\",\"title\":\"" + "\\u00e9\\u20ac".repeat(150_000) + "\"}"); // JSON escapes: ASCII on the way in
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("x-imply-api-token", server.token);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) throws IOException {
        boolean gzip = response.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent();
        byte[] body = gzip ? new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes() : response.body();
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String expected(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> plain = get(path, null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        if (plain.body().length < 32_768) { // Jetty's output buffer: a larger answer is sent in chunks, without a length
            assertThat(plain.headers().firstValueAsLong("Content-Length")).hasValue(plain.body().length);
        }
        return text(plain);
    }

    @Test
    void a_large_answer_is_compressed_for_a_client_that_accepts_gzip_and_reads_whole_either_way() throws Exception {
        String plain = expected("/api/v1/dashboards/large");
        assertThat(Jsons.parse(plain).path("dashboard").path("title").asText()).isEqualTo("é€".repeat(150_000));

        HttpResponse<byte[]> gzip = get("/api/v1/dashboards/large", "gzip");
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.body().length).isLessThan(plain.length() / 10);
        assertThat(text(gzip)).isEqualTo(plain);

        String list = expected("/api/v1/dashboards");
        assertThat(Jsons.parse(list).path("dashboards")).hasSize(3);
        assertThat(text(get("/api/v1/dashboards", "gzip, deflate"))).isEqualTo(list);
        String pretty = expected("/api/v1/dashboards?pretty");
        assertThat(pretty).contains("\n  \"dashboards\": [");
        assertThat(text(get("/api/v1/dashboards?pretty", "gzip"))).isEqualTo(pretty);
    }

    @Test
    void answers_under_the_threshold_are_sent_as_they_are_and_those_over_it_compressed() throws Exception {
        HttpResponse<byte[]> small = get("/api/v1/dashboards/small", "gzip");
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(text(small)).isEqualTo(expected("/api/v1/dashboards/small"));

        String threshold = expected("/api/v1/dashboards/threshold");
        assertThat(threshold.length()).isBetween(1_500, 2_048);
        HttpResponse<byte[]> compressed = get("/api/v1/dashboards/threshold", "gzip");
        assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(text(compressed)).isEqualTo(threshold);

        HttpResponse<byte[]> error = get("/api/v1/dashboards/missing", "gzip");
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(Jsons.parse(text(error)).path("error").asText()).isNotEmpty();
    }
}
