package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request/response example of the Pivot seed pages, transcribed into
 * {@code src/test/resources/seed-examples/*.json}, replayed against a fresh server.
 * Where Fulcrum deliberately differs from a seed (masked secrets, honest e-mail status, the request id in an error
 * body), the step says why.
 */
class SeedExamplesTest {

    static Stream<String> examples() {
        return Stream.of("overview-read-data-cube-by-name", "overview-read-all-alerts", "overview-read-all-reports",
                "overview-create-data-cube", "overview-create-user", "overview-create-alert", "overview-create-report",
                "overview-update-data-cube", "overview-update-alert", "overview-update-report",
                "overview-delete-data-cube", "connections-create-read-delete");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void seed_example_works_exactly_as_shown(String example) throws IOException {
        JsonNode steps;
        try (InputStream in = getClass().getResourceAsStream("/seed-examples/" + example + ".json")) {
            steps = Jsons.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        try (TestServer server = TestServer.start()) {
            if (example.startsWith("overview-")) {
                createWhatTheExamplesReference(server);
            }
            for (JsonNode step : steps) {
                replay(server, step);
            }
        }
    }

    /** The examples name a connection, two data cubes and a role that the pages never create. */
    private static void createWhatTheExamplesReference(TestServer server) {
        server.create("connections", "connection", "{\"name\":\"6027\",\"type\":\"druid\",\"queryHosts\":[\"localhost:8082\"]}");
        for (String cube : List.of("078b_16", "078b_1")) {
            server.create("data-cubes", "dataCube", "{\"name\":\"" + cube + "\",\"connectionName\":\"6027\",\"source\":\"wikipedia\"}");
        }
        server.create("roles", "role", "{\"name\":\"sweet-role\",\"permissions\":[{\"name\":\"AccessVisualization\"}]}");
    }

    private static void replay(TestServer server, JsonNode step) {
        JsonNode request = step.get("request");
        RequestSpecification spec = server.api().header("Content-Type", "application/json");
        if (request.has("body")) {
            spec = spec.body(request.get("body").toString());
        }
        String method = request.get("method").asText();
        String path = request.get("path").asText();
        Response response = spec.request(method, path);
        String what = method + " " + path + " -> " + response.asString();
        JsonNode expected = step.get("response");
        assertThat(response.statusCode()).as(what).isEqualTo(expected.get("status").asInt());
        if (expected.has("body")) {
            JsonNode body = Jsons.parse(response.asString());
            if (step.path("addsRequestId").asBoolean()) { // the one addition to a seed's error body, its step says why
                assertThat(body.path("requestId").asText()).as(what).isEqualTo(response.header("X-Request-Id")).isNotEmpty();
                ((ObjectNode) body).remove("requestId");
            }
            assertThat(body).as(what).isEqualTo(expected.get("body"));
            assertThat(fieldOrder(body)).as("field order of " + what).isEqualTo(fieldOrder(expected.get("body")));
        }
        assertThat(response.contentType()).startsWith("application/json");
    }

    /** The field names of every object, depth first, so the order a person reads is checked too. */
    private static List<String> fieldOrder(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        collect(node, "", names);
        return names;
    }

    private static void collect(JsonNode node, String path, List<String> names) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                names.add(path + "." + entry.getKey());
                collect(entry.getValue(), path + "." + entry.getKey(), names);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", names);
            }
        }
    }
}
