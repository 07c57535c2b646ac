package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Passwords: hashed with Argon2id, never returned, checked in constant time. */
@Isolated // measures time or captures stderr: runs with no other test class beside it
class UserAuthTest {
    private static final String PASSWORD = "correct horse battery";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (String user : new String[] {"ada@example.com", "bob@example.com", "eve@example.com"}) {
            server.create("users", "user", "{\"name\":\"" + user + "\"}");
        }
        server.create("user-auths", "userAuth", "{\"name\":\"ada@example.com\",\"type\":\"native\","
                + "\"currentPass\":{\"pass\":\"" + PASSWORD + "\",\"hashStrategy\":\"none\"}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response verify(String user, String password) {
        return server.api().body("{\"password\":\"" + password + "\"}").post("/api/v1/user-auths/" + user + "/verify");
    }

    @Test
    void a_password_is_nfc_normalised_so_either_form_of_an_accent_verifies() {
        // JSON escapes, so that the bytes on the wire do not depend on a charset
        String composed = "caf\\u00e9 au lait 12"; // é as one code point (NFC)
        String decomposed = "cafe\\u0301 au lait 12"; // e and a combining acute accent (NFD)
        server.create("users", "user", "{\"name\":\"nfc@example.com\"}");
        server.create("user-auths", "userAuth", "{\"name\":\"nfc@example.com\",\"currentPass\":{\"pass\":\"" + decomposed
                + "\",\"hashStrategy\":\"none\"}}");
        assertThat(verify("nfc@example.com", composed).jsonPath().getBoolean("valid")).isTrue();
        assertThat(verify("nfc@example.com", decomposed).jsonPath().getBoolean("valid")).isTrue();
        assertThat(verify("nfc@example.com", "cafe au lait 12").jsonPath().getBoolean("valid")).isFalse();
    }

    @Test
    void the_stored_hash_is_argon2id_over_19_mib_with_3_passes_and_one_lane_of_the_nfc_form() throws Exception {
        server.create("users", "user", "{\"name\":\"params@example.com\"}");
        server.create("user-auths", "userAuth", "{\"name\":\"params@example.com\",\"currentPass\":{\"pass\":"
                + "\"cafe\\u0301 au lait 12\",\"hashStrategy\":\"none\"}}"); // NFD on the wire
        // the hash is sealed with the other secrets: opened here with the server's own key file
        String sealed;
        try (var connection = server.dataSource().getConnection();
             var query = connection.prepareStatement("SELECT secrets FROM documents WHERE resource = 'user-auths' AND name = ?")) {
            query.setString(1, "params@example.com");
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                sealed = rows.getString(1);
            }
        }
        String hash = Jsons.parse(dev.fulcrum.app.crypto.SecretBox.fromKeyFile(server.dir.resolve("secret.key")).open(sealed))
                .path("passwordHash").asText();
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=3,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        // checked by argon2 itself, without the server's normalisation: the hash is of the NFC form
        de.mkammerer.argon2.Argon2 argon2 = de.mkammerer.argon2.Argon2Factory.create(
                de.mkammerer.argon2.Argon2Factory.Argon2Types.ARGON2id);
        assertThat(argon2.verify(hash, "caf\u00e9 au lait 12".toCharArray())).isTrue();
        assertThat(argon2.verify(hash, "cafe\u0301 au lait 12".toCharArray())).isFalse();
    }

    @Test
    void the_stored_form_has_no_password_and_no_hash() {
        for (String response : new String[] {
                server.api().get("/api/v1/user-auths/ada@example.com").asString(),
                server.api().get("/api/v1/user-auths?pretty").asString()}) {
            assertThat(response).doesNotContain(PASSWORD, "argon2id$", "passwordHash", "\"pass\"");
        }
        JsonNode auth = Jsons.parse(server.api().get("/api/v1/user-auths/ada@example.com").asString()).get("userAuth");
        assertThat(auth.get("currentPass").get("hashStrategy").asText()).isEqualTo("argon2id");
        assertThat(auth.get("currentPass").get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(auth.get("passHistory").isArray()).isTrue();
        assertThat(auth.get("type").asText()).isEqualTo("native");
    }

    @Test
    void verify_accepts_the_password_and_refuses_anything_else() {
        assertThat(verify("ada@example.com", PASSWORD).jsonPath().getBoolean("valid")).isTrue();
        assertThat(verify("ada@example.com", PASSWORD + "!").jsonPath().getBoolean("valid")).isFalse();
        assertThat(verify("nobody@example.com", PASSWORD).jsonPath().getBoolean("valid")).isFalse();
        assertThat(verify("bob@example.com", PASSWORD).jsonPath().getBoolean("valid")).isFalse();
        Response bad = server.api().body("{\"pass\":\"x\"}").post("/api/v1/user-auths/ada@example.com/verify");
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void an_unknown_user_takes_as_long_as_a_wrong_password() {
        for (int i = 0; i < 3; i++) { // warm up both paths
            verify("nobody@example.com", "wrong password here");
            verify("ada@example.com", "wrong password here");
        }
        // interleaved, so that a burst of load on this shared machine slows both paths alike
        long[] unknown = new long[15];
        long[] wrong = new long[15];
        for (int i = 0; i < unknown.length; i++) {
            unknown[i] = nanos("nobody@example.com");
            wrong[i] = nanos("ada@example.com");
        }
        double ratio = (double) median(unknown) / median(wrong);
        assertThat(ratio).as("unknown %d ns, wrong %d ns", median(unknown), median(wrong)).isBetween(0.67, 1.5);
    }

    private static long nanos(String user) {
        long start = System.nanoTime();
        verify(user, "wrong password here");
        return System.nanoTime() - start;
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void a_new_password_moves_the_old_one_into_the_history_and_an_update_without_one_keeps_it() {
        server.create("user-auths", "userAuth", "{\"name\":\"eve@example.com\",\"currentPass\":{\"pass\":\"first password 1\"}}");
        String firstCreatedAt = server.api().get("/api/v1/user-auths/eve@example.com").jsonPath().getString("userAuth.currentPass.createdAt");
        server.create("user-auths", "userAuth", "{\"name\":\"eve@example.com\",\"currentPass\":{\"pass\":\"second password 2\",\"hashStrategy\":\"none\"}}");
        Response read = server.api().get("/api/v1/user-auths/eve@example.com");
        assertThat(read.jsonPath().getList("userAuth.passHistory.createdAt")).containsExactly(firstCreatedAt);
        assertThat(verify("eve@example.com", "second password 2").jsonPath().getBoolean("valid")).isTrue();
        assertThat(verify("eve@example.com", "first password 1").jsonPath().getBoolean("valid")).isFalse();

        // a client that read the document and writes it back (no pass) keeps the password
        JsonNode stored = Jsons.parse(read.asString()).get("userAuth");
        Response again = server.api().body("{\"userAuth\":" + stored + "}").put("/api/v1/user-auths/eve@example.com");
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(verify("eve@example.com", "second password 2").jsonPath().getBoolean("valid")).isTrue();
        assertThat(again.jsonPath().getList("userAuth.passHistory.createdAt")).containsExactly(firstCreatedAt);
    }

    @Test
    void writes_without_a_password_racing_password_changes_lose_no_history() throws Exception {
        server.create("users", "user", "{\"name\":\"race@example.com\"}");
        server.create("user-auths", "userAuth", "{\"name\":\"race@example.com\",\"currentPass\":{\"pass\":\"password number 0\"}}");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.concurrent.Future<?> changes = pool.submit(() -> {
            for (int i = 1; i <= 5; i++) {
                assertThat(server.api().body("{\"userAuth\":{\"name\":\"race@example.com\",\"currentPass\":{\"pass\":\"password number "
                        + i + "\"}}}").put("/api/v1/user-auths/race@example.com").statusCode()).isEqualTo(200);
            }
        });
        java.util.List<java.util.concurrent.Future<?>> others = new java.util.ArrayList<>();
        for (int t = 0; t < 2; t++) {
            others.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    assertThat(server.api().body("{\"userAuth\":{\"name\":\"race@example.com\",\"type\":\"native\"}}")
                            .put("/api/v1/user-auths/race@example.com").statusCode()).isIn(200, 409);
                }
            }));
        }
        changes.get();
        for (var other : others) {
            other.get();
        }
        pool.shutdown();
        Response read = server.api().get("/api/v1/user-auths/race@example.com");
        assertThat(read.jsonPath().getList("userAuth.passHistory")).hasSize(5);
        assertThat(verify("race@example.com", "password number 5").jsonPath().getBoolean("valid")).isTrue();
        assertThat(verify("race@example.com", "password number 4").jsonPath().getBoolean("valid")).isFalse();
    }

    @Test
    void a_disabled_user_is_never_valid_and_removing_disabled_enables_again() {
        server.create("users", "user", "{\"name\":\"dan@example.com\"}");
        server.create("user-auths", "userAuth", "{\"name\":\"dan@example.com\",\"currentPass\":{\"pass\":\"" + PASSWORD + "\"}}");
        server.create("user-statuses", "userStatus", "{\"name\":\"dan@example.com\",\"disabled\":\"2024-01-01T00:00:00Z\"}");
        assertThat(verify("dan@example.com", PASSWORD).jsonPath().getBoolean("valid")).isFalse();
        server.create("user-statuses", "userStatus", "{\"name\":\"dan@example.com\"}");
        assertThat(verify("dan@example.com", PASSWORD).jsonPath().getBoolean("valid")).isTrue();
    }
}
