package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's "Coming from another connections API" table, replayed row by row against a real server: each row's
 * Fulcrum request (with a connection of its own for {@code <name>}: absent when the row creates it, else created
 * first) must answer the row's status, sent with {@code Authorization: Bearer} as Rivery sends tokens.
 */
class SeedsMappingTest {
    private static final String SECTION = "## Coming from another connections API";
    private static final Pattern REQUEST = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`]*)`");
    private static final Pattern STATUS = Pattern.compile("^\\s*(\\d{3})\\b");
    private static TestServer server;

    /** One row: which seed, and the request Fulcrum answers for it with this status. */
    record Row(int number, String seed, String method, String path, int status) {
        @Override
        public String toString() {
            return seed + ": " + method + " " + path + " -> " + status;
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Row> rows() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertThat(start).as("the README's section \"" + SECTION.substring(3) + "\"").isPositive();
        List<String> lines = readme.substring(start + SECTION.length() + 2).lines()
                .dropWhile(line -> !line.startsWith("|")).takeWhile(line -> line.startsWith("|")).skip(2).toList();
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split("\\|");
            assertThat(cells).as(line).hasSizeGreaterThanOrEqualTo(5);
            Matcher request = REQUEST.matcher(cells[3]);
            assertThat(request.find()).as("a Fulcrum request in backquotes: " + line).isTrue();
            Matcher status = STATUS.matcher(cells[4]);
            assertThat(status.find()).as("a status: " + line).isTrue();
            rows.add(new Row(rows.size() + 1, cells[1].trim(), request.group(1), request.group(2),
                    Integer.parseInt(status.group(1))));
        }
        return rows;
    }

    static Stream<Row> table() throws IOException {
        return rows().stream();
    }

    @Test
    void the_table_maps_each_of_the_three_seeds() throws IOException {
        Set<String> seeds = new TreeSet<>();
        rows().forEach(row -> seeds.add(row.seed()));
        assertThat(seeds).containsExactly("ETL", "Rivery", "connectors");
        assertThat(rows()).hasSizeGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void each_row_answers_as_the_table_says(Row row) {
        String name = "seed-row-" + row.number();
        boolean named = row.path().contains("<name>");
        if (named && row.status() != 201) {
            server.create("connections", "connection", connection(name));
        }
        String path = row.path().replace("<name>", name);
        RequestSpecification request = server.anonymous().header("Authorization", "Bearer " + server.token);
        if (row.method().equals("POST") && path.equals("/api/v1/connections")) {
            request = request.body("{\"connection\":" + connection(name) + "}");
        } else if (row.method().equals("PUT")) {
            request = request.body("{\"connection\":{\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:2\"]}}");
        }
        Response response = request.request(row.method(), path);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(row.status());
        JsonNode body = Jsons.parse(response.asString());
        assertThat(body.isObject()).isTrue();
        if (row.status() == 201) {
            assertThat(body.get("message").asText()).isEqualTo("Created successfully");
        }
        if (named || row.method().equals("POST") && path.equals("/api/v1/connections")) {
            int after = server.api().get("/api/v1/connections/" + name).statusCode();
            assertThat(after).as("the connection afterwards").isEqualTo(row.method().equals("DELETE") ? 404 : 200);
        }
    }

    private static String connection(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"druid\",\"queryHosts\":[\"127.0.0.1:1\"]}";
    }
}
