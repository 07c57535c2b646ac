package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/user-auths/<name>/verify} is slowed like the sign-in page, by target user and by calling
 * token, with the page's counts; every refused attempt is audited. A server per test, so that no test's failures
 * count against another's.
 */
class VerifyThrottleTest {
    private static final String BOSS = "boss@example.com";
    private static final String WRONG = "guess number ";
    private TestServer server;
    private String manager;

    @BeforeEach
    void start() {
        server = TestServer.start();
        TokensPageTest.createUser(server, BOSS, "super-admin");
        server.create("roles", "role", "{\"name\":\"user-managers\",\"permissions\":[{\"name\":\"ManageUsers\"}]}");
        manager = mint("user-manager", "user-managers");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String mint(String name, String role) {
        Response made = server.api().body("{\"apiToken\":{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}}")
                .post("/api/v1/api-tokens");
        assertThat(made.statusCode()).as(made.asString()).isEqualTo(200);
        return Jsons.parse(made.asString()).path("token").asText();
    }

    private Response verify(String token, String user, String password) {
        return server.anonymous().header("x-imply-api-token", token).body("{\"password\":\"" + password + "\"}")
                .post("/api/v1/user-auths/" + user + "/verify");
    }

    private static void sleepUntil(long sinceNanos, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - sinceNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    @Test
    void guesses_beyond_the_free_few_get_429_with_retry_after_even_the_right_password() throws Exception {
        for (int i = 0; i < 3; i++) {
            Response wrong = verify(manager, BOSS, WRONG + i);
            assertThat(wrong.statusCode()).isEqualTo(200);
            assertThat(wrong.asString()).isEqualTo("{\"valid\":false}");
        }
        long lastChecked = System.nanoTime();
        Response refused = verify(manager, BOSS, WRONG + 3);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(Jsons.parse(refused.asString()).path("error").asText()).contains("too many");
        Response right = verify(manager, BOSS, TokensPageTest.PASSWORD);
        assertThat(right.statusCode()).as("the right password waits too").isEqualTo(429);
        assertThat(right.asString()).doesNotContain("valid");

        sleepUntil(lastChecked, 1_100);
        assertThat(verify(manager, BOSS, TokensPageTest.PASSWORD).asString()).isEqualTo("{\"valid\":true}");
        for (int i = 0; i < 3; i++) {
            assertThat(verify(manager, BOSS, WRONG + i).statusCode()).as("a success clears the user's count").isEqualTo(200);
        }
    }

    @Test
    void each_refused_verify_is_audited() {
        long refused = 0;
        for (int i = 0; i < 5; i++) {
            // how many are refused depends on how long each check took (the wait starts at 1 s): count them
            refused += verify(manager, BOSS, WRONG + i).statusCode() == 429 ? 1 : 0;
        }
        assertThat(refused).as("guesses past the free three while the wait lasts").isPositive();
        server.flushAudit();
        JsonNode audit = Jsons.parse(server.api().get("/api/v1/audit?resource=user-auths&name=" + BOSS).asString());
        long refusals = 0;
        for (JsonNode entry : audit.path("audit")) {
            if (entry.path("status").asInt() == 429) {
                refusals += entry.path("count").asLong(); // refusals repeated within a moment share an entry
                assertThat(entry.path("actor").path("token").asText()).isEqualTo("user-manager");
                assertThat(entry.path("path").asText()).endsWith("/verify");
            }
        }
        assertThat(refusals).isEqualTo(refused);
    }

    @Test
    void the_counts_are_the_sign_in_pages_so_both_doors_share_the_users_free_guesses() {
        for (int i = 0; i < 3; i++) {
            assertThat(new PageVisitor(server).signIn(BOSS, WRONG + i).statusCode()).isEqualTo(401);
        }
        assertThat(verify(manager, BOSS, WRONG).statusCode()).isEqualTo(429);
    }

    @Test
    void a_caller_that_may_export_the_hashes_is_not_slowed() {
        for (int i = 0; i < 6; i++) {
            assertThat(verify(server.token, BOSS, WRONG + i).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void one_token_guessing_many_users_is_slowed_by_its_own_count() {
        for (int i = 0; i < 10; i++) {
            server.create("users", "user", "{\"name\":\"user" + i + "@example.com\"}");
            assertThat(verify(manager, "user" + i + "@example.com", WRONG).statusCode()).isEqualTo(200);
        }
        assertThat(verify(manager, "user-eleven@example.com", WRONG).statusCode()).isEqualTo(429);
        String other = mint("other-manager", "user-managers");
        assertThat(verify(other, "user-eleven@example.com", WRONG).statusCode()).as("another client").isEqualTo(200);
    }
}
