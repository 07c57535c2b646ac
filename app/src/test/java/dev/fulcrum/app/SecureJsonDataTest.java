package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets Fulcrum does not know by name ("Secrets" in the README): a connection's write-only {@code secureJsonData}
 * holds any string values, sealed like the declared secrets and never returned; reads show only
 * {@code secureJsonFields}. Every read path is searched for the values: answers, lists, history, audit, errors,
 * exports without a passphrase and the stored bytes.
 */
class SecureJsonDataTest {
    private static final String AWS = "SJD-aws-9f3e1c";
    private static final String EXTRA = "SJD-extra-4d7b20";
    private static final String OTHER = "SJD-other-c81a5e";
    private static final List<String> VALUES = List.of(AWS, EXTRA, OTHER);
    private static TestServer server;
    private final List<String> seen = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String connection(String name, String host, String extra) {
        return "{\"connection\":{\"name\":\"" + name + "\",\"type\":\"postgres\",\"host\":\"" + host + "\",\"database\":\"d\","
                + "\"user\":\"u\"" + extra + "}}";
    }

    private static String sealed(String... keysAndValues) {
        StringBuilder json = new StringBuilder(",\"secureJsonData\":{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.append(i == 0 ? "" : ",").append('"').append(keysAndValues[i]).append("\":")
                    .append(keysAndValues[i + 1] == null ? "null" : "\"" + keysAndValues[i + 1] + "\"");
        }
        return json.append('}').toString();
    }

    private Response seen(Response response) {
        seen.add(response.asString());
        return response;
    }

    private Response post(String path, String body) {
        return seen(server.api().body(body).post("/api/v1/" + path));
    }

    private Response put(String name, String body) {
        return seen(server.api().body(body).put("/api/v1/connections/" + name));
    }

    private Response patch(String name, String body) {
        return seen(server.api().body(body).patch("/api/v1/connections/" + name));
    }

    private Response get(String path) {
        return seen(server.api().get("/api/v1/" + path));
    }

    private JsonNode fields(String name) {
        Response read = get("connections/" + name);
        assertThat(read.statusCode()).as(read.asString()).isEqualTo(200);
        return Jsons.parse(read.asString()).get("connection").get("secureJsonFields");
    }

    /** The secureJsonData the server holds for a connection, read from an export with secrets. */
    private static JsonNode heldSecrets(String name) throws Exception {
        JsonNode bundle = Jsons.parse(Bundles.exportWithSecrets(server));
        return Bundles.openSecrets(bundle, Bundles.PASSPHRASE).path("connections").path(name).path("secureJsonData");
    }

    private void assertNoValueWasSeen() {
        for (String response : seen) {
            assertThat(response).doesNotContain(VALUES);
        }
    }

    @Test
    void values_are_sealed_and_never_returned_reads_show_only_which_are_set() {
        Response created = post("connections", connection("sjd-read", "db", sealed("aws_access_secrets", AWS, "extra", EXTRA)));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        JsonNode answer = Jsons.parse(created.asString()).get("connection");
        assertThat(answer.has("secureJsonData")).isFalse();
        assertThat(answer.get("secureJsonFields").toString()).isEqualTo("{\"aws_access_secrets\":true,\"extra\":true}");
        assertThat(fields("sjd-read").toString()).isEqualTo("{\"aws_access_secrets\":true,\"extra\":true}");
        assertThat(get("connections").statusCode()).isEqualTo(200);
        assertThat(get("connections?per_page=5").statusCode()).isEqualTo(200);
        assertThat(get("connections/sjd-read/history").statusCode()).isEqualTo(200);
        assertThat(get("connections/sjd-read/history/1").statusCode()).isEqualTo(200);
        assertThat(get("export?resources=connections").statusCode()).isEqualTo(200);
        Response dry = post("connections?dryRun=true", connection("sjd-read", "db", sealed("aws_access_secrets", OTHER)));
        assertThat(dry.statusCode()).as(dry.asString()).isEqualTo(200);
        server.flushAudit();
        Response audit = get("audit?resource=connections&name=sjd-read");
        assertThat(audit.jsonPath().getList("audit.changedFields").toString())
                .contains("secureJsonData.aws_access_secrets", "secureJsonData.extra");
        assertNoValueWasSeen();
        assertThat(server.storedContent()).doesNotContain(VALUES);
    }

    @Test
    void a_connection_without_secure_json_data_looks_as_before() {
        Response created = post("connections", connection("sjd-none", "db", ""));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.asString()).doesNotContain("secureJson");
    }

    @Test
    void null_clears_a_key_an_absent_key_is_kept_and_a_new_value_replaces_it() throws Exception {
        assertThat(post("connections", connection("sjd-keep", "db", sealed("a", AWS, "b", EXTRA))).statusCode()).isEqualTo(200);
        // a full update without secureJsonData keeps every key, as it keeps a declared secret it does not mention
        assertThat(put("sjd-keep", connection("sjd-keep", "db", ",\"title\":\"t\"")).statusCode()).isEqualTo(200);
        assertThat(fields("sjd-keep").toString()).isEqualTo("{\"a\":true,\"b\":true}");
        // a full update naming some keys changes those only
        assertThat(put("sjd-keep", connection("sjd-keep", "db", sealed("a", OTHER, "b", null))).statusCode()).isEqualTo(200);
        assertThat(fields("sjd-keep").toString()).isEqualTo("{\"a\":true}");
        assertThat(heldSecrets("sjd-keep").toString()).isEqualTo("{\"a\":\"" + OTHER + "\"}");
        // a merge patch adds and clears keys and keeps the others; secureJsonData null is the same as leaving it out
        assertThat(patch("sjd-keep", "{\"connection\":{\"secureJsonData\":{\"c\":\"" + EXTRA + "\"}}}").statusCode()).isEqualTo(200);
        assertThat(patch("sjd-keep", "{\"connection\":{\"secureJsonData\":null,\"title\":\"u\"}}").statusCode()).isEqualTo(200);
        assertThat(fields("sjd-keep").toString()).isEqualTo("{\"a\":true,\"c\":true}");
        assertThat(patch("sjd-keep", "{\"connection\":{\"secureJsonData\":{\"a\":null,\"c\":null}}}").statusCode()).isEqualTo(200);
        Response read = get("connections/sjd-keep");
        assertThat(read.asString()).doesNotContain("secureJson");
        assertThat(heldSecrets("sjd-keep").isMissingNode()).isTrue();
        assertNoValueWasSeen();
    }

    @Test
    void secure_json_fields_sent_by_a_client_are_ignored() {
        Response created = post("connections", connection("sjd-claims", "db",
                ",\"secureJsonFields\":{\"fake\":true}" + sealed("real", AWS)));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        assertThat(fields("sjd-claims").toString()).isEqualTo("{\"real\":true}");
        // reading, changing and writing back a whole document keeps the stored values
        String read = get("connections/sjd-claims").asString();
        assertThat(put("sjd-claims", read.replace("\"title\":\"sjd-claims\"", "\"title\":\"again\"")).statusCode()).isEqualTo(200);
        assertThat(fields("sjd-claims").toString()).isEqualTo("{\"real\":true}");
        assertNoValueWasSeen();
    }

    @Test
    void values_must_be_strings_and_an_error_never_quotes_one() {
        for (String bad : List.of(",\"secureJsonData\":{\"n\":42}", ",\"secureJsonData\":{\"o\":{\"v\":\"" + AWS + "\"}}",
                ",\"secureJsonData\":[\"" + AWS + "\"]", ",\"secureJsonData\":\"" + AWS + "\"", ",\"secureJsonData\":{\"\":\"x\"}")) {
            Response refused = post("connections", connection("sjd-bad", "db", bad));
            assertThat(refused.statusCode()).as(bad + " " + refused.asString()).isEqualTo(400);
            assertThat(refused.asString()).contains("secureJsonData");
        }
        assertThat(get("connections/sjd-bad").statusCode()).isEqualTo(404);
        assertNoValueWasSeen();
    }

    @Test
    void kinds_without_secure_json_data_refuse_it_instead_of_storing_it_in_clear() {
        Response refused = post("dashboards", "{\"dashboard\":{\"name\":\"sjd-dash\",\"secureJsonData\":{\"k\":\"" + AWS + "\"}}}");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.asString()).contains("secureJsonData");
        assertThat(get("dashboards/sjd-dash").statusCode()).isEqualTo(404);
        assertNoValueWasSeen();
    }

    @Test
    void a_changed_destination_needs_every_value_sent_again() throws Exception {
        assertThat(post("connections", connection("sjd-moved", "db", sealed("token", AWS))).statusCode()).isEqualTo(200);
        Response moved = put("sjd-moved", connection("sjd-moved", "elsewhere", ""));
        assertThat(moved.statusCode()).as(moved.asString()).isEqualTo(400);
        assertThat(moved.asString()).contains("secureJsonData.token").contains("must be sent again").contains("host");
        Response patched = patch("sjd-moved", "{\"connection\":{\"host\":\"elsewhere\"}}");
        assertThat(patched.statusCode()).isEqualTo(400);
        assertThat(put("sjd-moved", connection("sjd-moved", "elsewhere", sealed("token", OTHER))).statusCode()).isEqualTo(200);
        assertThat(heldSecrets("sjd-moved").toString()).isEqualTo("{\"token\":\"" + OTHER + "\"}");
        assertThat(put("sjd-moved", connection("sjd-moved", "db", sealed("token", null))).statusCode()).isEqualTo(200);
        assertThat(get("connections/sjd-moved").asString()).doesNotContain("secureJson");
        assertNoValueWasSeen();
    }

    @Test
    void a_restore_brings_back_that_versions_values_and_clears_later_keys() throws Exception {
        assertThat(post("connections", connection("sjd-hist", "db", sealed("a", AWS))).statusCode()).isEqualTo(200);
        assertThat(put("sjd-hist", connection("sjd-hist", "db", sealed("a", OTHER, "b", EXTRA))).statusCode()).isEqualTo(200);
        Response one = get("connections/sjd-hist/history/1");
        assertThat(one.jsonPath().getMap("connection.secureJsonFields")).containsOnlyKeys("a");
        Response restored = seen(server.api().post("/api/v1/connections/sjd-hist/history/1/restore"));
        assertThat(restored.statusCode()).as(restored.asString()).isEqualTo(200);
        assertThat(fields("sjd-hist").toString()).isEqualTo("{\"a\":true}");
        assertThat(heldSecrets("sjd-hist").toString()).isEqualTo("{\"a\":\"" + AWS + "\"}");
        assertNoValueWasSeen();
    }

    @Test
    void writing_the_same_document_again_without_values_is_unchanged() {
        assertThat(post("connections", connection("sjd-same", "db", sealed("a", AWS))).statusCode()).isEqualTo(200);
        Response again = put("sjd-same", connection("sjd-same", "db", ""));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("ETag")).isEqualTo("\"1\"");
        Response resent = put("sjd-same", connection("sjd-same", "db", sealed("a", AWS)));
        assertThat(resent.statusCode()).isEqualTo(200);
        assertNoValueWasSeen();
    }

    @Test
    void an_export_with_a_passphrase_carries_the_values_to_another_server() throws Exception {
        assertThat(post("connections", connection("sjd-export", "db", sealed("aws_access_secrets", AWS, "extra", EXTRA)))
                .statusCode()).isEqualTo(200);
        String bundle = Bundles.exportWithSecrets(server);
        assertThat(Bundles.documentsOf(bundle)).doesNotContain(VALUES);
        try (TestServer fresh = TestServer.start()) {
            Response imported = Bundles.importWithPassphrase(fresh, "", bundle);
            assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
            assertThat(imported.asString()).doesNotContain(VALUES);
            JsonNode held = Bundles.openSecrets(Jsons.parse(Bundles.exportWithSecrets(fresh)), Bundles.PASSPHRASE)
                    .path("connections").path("sjd-export").path("secureJsonData");
            assertThat(held.toString()).isEqualTo("{\"aws_access_secrets\":\"" + AWS + "\",\"extra\":\"" + EXTRA + "\"}");
            assertThat(fresh.api().get("/api/v1/connections/sjd-export").jsonPath().getMap("connection.secureJsonFields"))
                    .containsOnlyKeys("aws_access_secrets", "extra");
        }
    }
}
