package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A caller that may write connections but not export secrets cannot test a guess of a stored secret: a write
 * whose body carries a secret is a change for it, whether the secret is the stored one or not, so a right and a
 * wrong guess get the same answer (the black-box review's high finding).
 */
class SecretGuessingTest {
    private static final String RIGHT = "the-right-password-1";
    private static final String WRONG = "a-wrong-password-22";
    private static TestServer server;
    private static String manager;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("roles", "role", "{\"name\":\"connection-managers\",\"permissions\":[{\"name\":\"ManageConnections\"}]}");
        Response made = server.api().body("{\"apiToken\":{\"name\":\"guesser\",\"role\":\"connection-managers\"}}")
                .post("/api/v1/api-tokens");
        manager = Jsons.parse(made.asString()).path("token").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void createConnection(String name) {
        server.create("connections", "connection", "{\"name\":\"" + name + "\",\"type\":\"postgres\",\"host\":\"db.example.com\","
                + "\"port\":5432,\"database\":\"wiki\",\"user\":\"reader\",\"password\":\"" + RIGHT + "\"}");
    }

    private static Response as(String token, String method, String path, String body) {
        return server.anonymous().header("x-imply-api-token", token).body(body).request(method, path);
    }

    /** What a client sees of a write: status, ETag and body, with the version numbers made relative to {@code base}. */
    private static String seen(Response response, long base) {
        String etag = response.header("ETag");
        String body = response.asString().replaceAll("\"version\":\\d+", "\"version\":V");
        return response.statusCode() + " " + (etag == null ? "-" : Long.parseLong(etag.replace("\"", "")) - base) + " " + body;
    }

    private static long version(String name) {
        return Long.parseLong(server.api().get("/api/v1/connections/" + name).header("ETag").replace("\"", ""));
    }

    private static String passwordPatch(String guess) {
        return "{\"connection\":{\"password\":\"" + guess + "\"}}";
    }

    @Test
    void a_patch_dry_run_answers_the_same_for_a_right_and_a_wrong_guess() {
        createConnection("guessed-dry");
        long base = version("guessed-dry");
        String right = seen(as(manager, "PATCH", "/api/v1/connections/guessed-dry?dryRun=true", passwordPatch(RIGHT)), base);
        String wrong = seen(as(manager, "PATCH", "/api/v1/connections/guessed-dry?dryRun=true", passwordPatch(WRONG)), base);
        assertThat(right).startsWith("200 1 ").isEqualTo(wrong);
        assertThat(version("guessed-dry")).isEqualTo(base);
    }

    @Test
    void a_secure_json_data_guess_answers_the_same_right_or_wrong_dry_or_not() {
        server.create("connections", "connection", "{\"name\":\"guessed-sjd\",\"type\":\"postgres\",\"host\":\"db\","
                + "\"database\":\"d\",\"user\":\"u\",\"secureJsonData\":{\"aws_access_secrets\":\"" + RIGHT + "\"}}");
        long base = version("guessed-sjd");
        String path = "/api/v1/connections/guessed-sjd";
        String right = seen(as(manager, "PATCH", path + "?dryRun=true", sjdPatch(RIGHT)), base);
        String wrong = seen(as(manager, "PATCH", path + "?dryRun=true", sjdPatch(WRONG)), base);
        assertThat(right).startsWith("200 1 ").isEqualTo(wrong);
        assertThat(version("guessed-sjd")).isEqualTo(base);
        right = seen(as(manager, "PATCH", path, sjdPatch(RIGHT)), base);
        wrong = seen(as(manager, "PATCH", path, sjdPatch(WRONG)), base + 1);
        assertThat(right).startsWith("200 1 ").isEqualTo(wrong);
    }

    private static String sjdPatch(String guess) {
        return "{\"connection\":{\"secureJsonData\":{\"aws_access_secrets\":\"" + guess + "\"}}}";
    }

    @Test
    void a_real_patch_makes_a_new_version_for_a_right_guess_as_for_a_wrong_one() {
        createConnection("guessed-patch");
        long base = version("guessed-patch");
        String right = seen(as(manager, "PATCH", "/api/v1/connections/guessed-patch", passwordPatch(RIGHT)), base);
        String wrong = seen(as(manager, "PATCH", "/api/v1/connections/guessed-patch", passwordPatch(WRONG)), base + 1);
        assertThat(right).startsWith("200 1 ").isEqualTo(wrong);
    }

    @Test
    void a_put_makes_a_new_version_for_a_right_guess_as_for_a_wrong_one() {
        createConnection("guessed-put");
        long base = version("guessed-put");
        String document = "{\"connection\":{\"name\":\"guessed-put\",\"type\":\"postgres\",\"host\":\"db.example.com\","
                + "\"port\":5432,\"database\":\"wiki\",\"user\":\"reader\",\"password\":\"%s\"}}";
        String right = seen(as(manager, "PUT", "/api/v1/connections/guessed-put", document.formatted(RIGHT)), base);
        String wrong = seen(as(manager, "PUT", "/api/v1/connections/guessed-put", document.formatted(WRONG)), base + 1);
        assertThat(right).startsWith("200 1 ").isEqualTo(wrong);
    }

    private static String bundleGuessing(String name, String guess) throws Exception {
        // the connection as an export shows it, so that only the guessed secret can differ
        JsonNode exported = Jsons.parse(Bundles.export(server, "?resources=connections").asString());
        JsonNode document = null;
        for (JsonNode each : exported.path("resources").path("connections")) {
            document = each.path("name").asText().equals(name) ? each : document;
        }
        String secrets = "{\"connections\":{\"" + name + "\":{\"password\":\"" + guess + "\"}}}";
        return "{\"fulcrumBundle\":1,\"resources\":{\"connections\":[" + document + "]},\"secrets\":"
                + Bundles.sealSecrets(secrets, Bundles.PASSPHRASE) + "}";
    }

    private static JsonNode importAs(String token, String query, String bundle) {
        Response response = server.anonymous().header("x-imply-api-token", token)
                .header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE).body(bundle).post("/api/v1/import" + query);
        JsonNode answer = Jsons.parse(response.asString());
        ((ObjectNode) answer).put("status", response.statusCode());
        return answer;
    }

    @Test
    void an_import_dry_run_plans_the_same_for_a_right_and_a_wrong_guess() throws Exception {
        createConnection("guessed-import-dry");
        for (String onExisting : new String[] {"", "&onExisting=overwrite", "&onExisting=skip"}) {
            JsonNode right = importAs(manager, "?dryRun=true" + onExisting, bundleGuessing("guessed-import-dry", RIGHT));
            JsonNode wrong = importAs(manager, "?dryRun=true" + onExisting, bundleGuessing("guessed-import-dry", WRONG));
            assertThat(right).as(onExisting).isEqualTo(wrong);
            assertThat(right.path("summary").path("unchanged").asInt()).as(onExisting).isZero();
        }
    }

    @Test
    void a_real_import_answers_the_same_for_a_right_and_a_wrong_guess() throws Exception {
        createConnection("guessed-import");
        long base = version("guessed-import");
        JsonNode refusedRight = importAs(manager, "", bundleGuessing("guessed-import", RIGHT));
        JsonNode refusedWrong = importAs(manager, "", bundleGuessing("guessed-import", WRONG));
        assertThat(refusedRight).isEqualTo(refusedWrong);
        JsonNode right = importAs(manager, "?onExisting=overwrite", bundleGuessing("guessed-import", RIGHT));
        JsonNode wrong = importAs(manager, "?onExisting=overwrite", bundleGuessing("guessed-import", WRONG));
        assertThat(right).isEqualTo(wrong);
        assertThat(right.path("summary").path("update").asInt()).isEqualTo(1);
        assertThat(version("guessed-import")).isEqualTo(base + 2);
    }

    @Test
    void a_caller_that_may_export_secrets_still_sees_a_write_of_the_stored_secret_as_unchanged() throws Exception {
        createConnection("compared");
        long base = version("compared");
        Response patched = server.api().body(passwordPatch(RIGHT)).patch("/api/v1/connections/compared");
        assertThat(patched.header("ETag")).isEqualTo("\"" + base + "\"");
        JsonNode plan = importAs(server.token, "?dryRun=true", bundleGuessing("compared", RIGHT));
        assertThat(plan.path("summary").path("unchanged").asInt()).isEqualTo(1);
    }
}
