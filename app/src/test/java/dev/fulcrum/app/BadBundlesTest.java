package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad bundle is a 4xx with a JSON error that says what is wrong, and changes nothing. */
class BadBundlesTest {
    private static final String CONNECTION = "{\"name\":\"c1\",\"type\":\"druid\",\"queryHosts\":[\"h:8082\"]}";
    private static TestServer server;
    private static String before;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("roles", "role", "{\"name\":\"kept\",\"title\":\"Kept\"}");
        before = Bundles.export(server, "").asString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String bundle(String resources) {
        return "{\"fulcrumBundle\":1,\"resources\":" + resources + "}";
    }

    static Stream<Arguments> badBundles() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"fulcrumBundle\":1,", 400, "malformed JSON"),
                Arguments.of("an empty body", "", 400, "empty"),
                Arguments.of("an array", "[]", 400, "Fulcrum bundle"),
                Arguments.of("no marker", "{\"resources\":{}}", 400, "fulcrumBundle"),
                Arguments.of("another format", "{\"fulcrumBundle\":2,\"resources\":{}}", 400, "format 2"),
                Arguments.of("a marker that is text", "{\"fulcrumBundle\":\"1\",\"resources\":{}}", 400, "format"),
                Arguments.of("an unknown top-level key", "{\"fulcrumBundle\":1,\"resources\":{},\"extra\":1}", 400, "extra"),
                Arguments.of("resources that are a list", "{\"fulcrumBundle\":1,\"resources\":[]}", 400, "resources"),
                Arguments.of("an unknown kind", bundle("{\"cubes\":[]}"), 400, "unknown resource 'cubes'"),
                Arguments.of("documents that are no array", bundle("{\"roles\":{}}"), 400, "resources.roles must be an array"),
                Arguments.of("a document that is no object", bundle("{\"roles\":[\"x\"]}"), 400, "resources.roles[0]"),
                Arguments.of("a bad name", bundle("{\"connections\":[" + CONNECTION + ",{\"name\":\".x\",\"type\":\"druid\"}]}"),
                        400, "resources.connections[1].name"),
                Arguments.of("a name that is a number", bundle("{\"roles\":[{\"name\":7}]}"), 400, "resources.roles[0].name"),
                Arguments.of("a field of the wrong type", bundle("{\"connections\":[" + CONNECTION.replace("[\"h:8082\"]", "\"h:8082\"")
                        + "]}"), 400, "resources.connections[0].queryHosts"),
                Arguments.of("a name twice", bundle("{\"connections\":[" + CONNECTION + "," + CONNECTION + "]}"), 400, "more than once"),
                Arguments.of("a password hash in a document", bundle("{\"users\":[{\"name\":\"u\"}],\"user-auths\":[{\"name\":\"u\","
                        + "\"type\":\"native\",\"passwordHash\":\"$argon2id$x\"}]}"), 400, "managed by the server"),
                Arguments.of("a changed built-in's neighbour that is invalid", bundle("{\"roles\":[{\"name\":\"super-admin\"},"
                        + "{\"name\":\"r\",\"permissions\":[{\"name\":\"Fly\"}]}]}"), 400, "resources.roles[1].permissions[0].name"),
                Arguments.of("secrets that are no envelope", "{\"fulcrumBundle\":1,\"resources\":{},\"secrets\":\"x\"}", 400, "secrets"),
                Arguments.of("secrets with a silly iteration count", "{\"fulcrumBundle\":1,\"resources\":{},\"secrets\":{\"cipher\":"
                        + "\"AES-256-GCM\",\"kdf\":\"PBKDF2-HMAC-SHA256\",\"iterations\":2000000000,\"salt\":\"AAAAAAAAAAAAAAAAAAAAAA==\","
                        + "\"data\":\"AAAA\"}}", 400, "iterations"),
                Arguments.of("secrets that are not base64", "{\"fulcrumBundle\":1,\"resources\":{},\"secrets\":{\"cipher\":"
                        + "\"AES-256-GCM\",\"kdf\":\"PBKDF2-HMAC-SHA256\",\"iterations\":600000,\"salt\":\"!!\",\"data\":\"!!\"}}", 400, "base64"),
                Arguments.of("JSON nested too deeply", bundle("{\"roles\":[{\"name\":\"deep\",\"x\":" + "[".repeat(150)
                        + "]".repeat(150) + "}]}"), 400, "nested too deeply"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBundles")
    void is_refused_with_a_json_error_and_changes_nothing(String label, String body, int status, String saying) {
        Response response = server.api().header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE).body(body).post("/api/v1/import");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(Jsons.parse(response.asString()).get("error").asText()).isNotBlank();
        assertThat(response.asString()).contains(saying);
        assertThat(Bundles.export(server, "").asString()).isEqualTo(before);
    }

    @Test
    void tampered_secrets_are_refused_like_a_wrong_passphrase() {
        try (TestServer source = TestServer.start()) {
            source.create("connections", "connection", "{\"name\":\"pg\",\"type\":\"postgres\",\"host\":\"h\",\"port\":5432,"
                    + "\"database\":\"d\",\"user\":\"u\",\"password\":\"" + Bundles.PG_PASSWORD + "\"}");
            String bundle = Bundles.exportWithSecrets(source);
            String data = Jsons.parse(bundle).get("secrets").get("data").asText();
            String flipped = (data.charAt(20) == 'A' ? "B" : "A");
            Response response = Bundles.importWithPassphrase(server, "",
                    bundle.replace(data, data.substring(0, 20) + flipped + data.substring(21)));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.asString()).contains("passphrase does not open").doesNotContain(Bundles.PG_PASSWORD);
            assertThat(Bundles.export(server, "").asString()).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"?onExisting=replace", "?dryRun=maybe", "?passphrase=abcdefghijklmnop"})
    void bad_parameters_are_a_400(String query) {
        Response response = Bundles.importBundle(server, query, bundle("{}"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Jsons.parse(response.asString()).get("error").asText()).isNotBlank();
    }
}
