package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An imported password hash cannot choose its own cost: a hash costlier than the server's own Argon2id
 * parameters (19 MiB, 3 passes, 1 lane) is refused, and a cheaper one is replaced at the next successful check.
 */
class PasswordCostTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Argon2 ARGON2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response importUserWithHash(String user, String hash) throws Exception {
        String secrets = "{\"user-auths\":{\"" + user + "\":{\"passwordHash\":\"" + hash + "\"}}}";
        String bundle = "{\"fulcrumBundle\":1,\"resources\":{\"users\":[{\"name\":\"" + user + "\"}],\"user-auths\":[{\"name\":\""
                + user + "\",\"type\":\"native\",\"currentPass\":{\"createdAt\":\"2026-01-01T00:00:00Z\",\"hashStrategy\":\"argon2id\"},"
                + "\"passHistory\":[]}]},\"secrets\":" + Bundles.sealSecrets(secrets, Bundles.PASSPHRASE) + "}";
        return Bundles.importWithPassphrase(server, "", bundle);
    }

    @Test
    void a_hash_costlier_than_the_servers_own_is_refused_naming_the_field() throws Exception {
        String costly = ARGON2.hash(4, 8, 1, PASSWORD.toCharArray()); // t=4: one pass more than the server's 3
        Response response = importUserWithHash("costly@example.com", costly);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        JsonNode details = Jsons.parse(response.asString()).path("details");
        assertThat(details.toString()).contains("resources.user-auths[0].passwordHash").contains("t=3");
        assertThat(server.api().get("/api/v1/users/costly@example.com").statusCode()).isEqualTo(404);
    }

    @Test
    void a_hash_that_asks_for_a_million_passes_is_refused_without_being_computed() throws Exception {
        String million = "$argon2id$v=19$m=8,t=1000000,p=1$c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43);
        long started = System.nanoTime();
        Response response = importUserWithHash("million@example.com", million);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.asString()).contains("passwordHash");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5000);
    }

    @Test
    void a_cheaper_hash_is_replaced_by_one_of_the_servers_parameters_at_the_next_successful_check() throws Exception {
        String cheap = ARGON2.hash(1, 8, 1, PASSWORD.toCharArray());
        Response imported = importUserWithHash("cheap@example.com", cheap);
        assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(200);
        assertThat(verify("cheap@example.com", "not the password at all")).isFalse();
        assertThat(history("cheap@example.com").path("total").asInt()).isEqualTo(1);

        assertThat(verify("cheap@example.com", PASSWORD)).isTrue();
        JsonNode history = history("cheap@example.com");
        assertThat(history.path("total").asInt()).isEqualTo(2);
        assertThat(history.path("history").get(0).toString()).contains("\"system\":true");
        assertThat(storedHash("cheap@example.com")).startsWith("$argon2id$v=19$m=19456,t=3,p=1$");
        assertThat(verify("cheap@example.com", PASSWORD)).isTrue();
        assertThat(history("cheap@example.com").path("total").asInt()).isEqualTo(2); // rehashed once only
    }

    private static boolean verify(String user, String password) {
        Response response = server.api().body("{\"password\":\"" + password + "\"}").post("/api/v1/user-auths/" + user + "/verify");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return Jsons.parse(response.asString()).path("valid").asBoolean();
    }

    private static JsonNode history(String user) {
        return Jsons.parse(server.api().get("/api/v1/user-auths/" + user + "/history").asString());
    }

    private static String storedHash(String user) throws Exception {
        Response export = server.api().header(Bundles.PASSPHRASE_HEADER, Bundles.PASSPHRASE)
                .get("/api/v1/export?resources=user-auths&includeSecrets=true");
        assertThat(export.statusCode()).as(export.asString()).isEqualTo(200);
        return Bundles.openSecrets(Jsons.parse(export.asString()), Bundles.PASSPHRASE).path("user-auths").path(user)
                .path("passwordHash").asText();
    }
}
