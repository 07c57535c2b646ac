package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** What a review found a token could get away with, and now cannot. */
@Isolated // measures time or captures stderr: runs with no other test class beside it
class TokenHardeningTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("roles", "role", "{\"name\":\"auditors-only\",\"permissions\":[{\"name\":\"SeeAuditLog\"}]}");
        server.create("roles", "role", "{\"name\":\"token-admins\",\"permissions\":[{\"name\":\"ManageApiTokens\"}]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_percent_encoded_resource_is_checked_as_the_resource_it_names() {
        String token = server.tokenService().create(new TokenRequest("encoded", "auditors-only", null, "test", null));
        for (String path : new String[] {"/api/v1/%75sers", "/api/v1/%63onnections", "/api/v1/%72oles/super-admin/history",
                "/api/v1/%55SERS", "/api/v1/user%73"}) {
            int status = server.anonymous().header("x-imply-api-token", token).get(path).statusCode();
            assertThat(status).as(path).isIn(403, 404);
        }
        Response encoded = server.anonymous().header("x-imply-api-token", token).get("/api/v1/%75sers");
        assertThat(encoded.statusCode()).isEqualTo(403);
        assertThat(encoded.jsonPath().getString("error")).contains("ManageUsers");
        assertThat(server.api().get("/api/v1/%75sers").statusCode()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/nonsense").statusCode()).isEqualTo(404);
    }

    @Test
    void a_token_cannot_make_one_that_outlives_it() {
        String parent = server.tokenService().create(new TokenRequest("short-lived", "token-admins", null, "test",
                Duration.ofHours(1)));
        Response longer = server.anonymous().header("x-imply-api-token", parent)
                .body("{\"apiToken\":{\"name\":\"forever\",\"role\":\"token-admins\",\"expiresIn\":\"30d\"}}").post("/api/v1/api-tokens");
        assertThat(longer.statusCode()).isEqualTo(400);
        assertThat(longer.jsonPath().getString("error")).contains("may not outlive");
        Response unstated = server.anonymous().header("x-imply-api-token", parent)
                .body("{\"apiToken\":{\"name\":\"child\",\"role\":\"token-admins\"}}").post("/api/v1/api-tokens");
        assertThat(unstated.statusCode()).isEqualTo(200);
        Instant childExpiry = Instant.parse(unstated.jsonPath().getString("apiToken.expiresAt"));
        assertThat(childExpiry).isBefore(Instant.now().plus(Duration.ofHours(1)).plusSeconds(5));
    }

    @Test
    void a_users_tokens_stop_working_when_the_user_is_disabled_or_deleted() throws Exception {
        server.create("users", "user", "{\"name\":\"leaver@example.com\"}");
        String token = server.tokenService().create(new TokenRequest("leavers", null, "leaver@example.com", "test", null));
        assertThat(server.anonymous().header("x-imply-api-token", token).get("/api/v1/roles").statusCode()).isEqualTo(200);

        server.create("user-statuses", "userStatus", "{\"name\":\"leaver@example.com\",\"disabled\":\"2020-01-01T00:00:00Z\"}");
        assertThat(awaitStatus(token, 401).jsonPath().getString("error")).contains("disabled");
        server.api().delete("/api/v1/user-statuses/leaver@example.com");
        assertThat(awaitStatus(token, 200).statusCode()).isEqualTo(200);

        server.api().delete("/api/v1/users/leaver@example.com");
        assertThat(awaitStatus(token, 401).jsonPath().getString("error")).contains("no longer exists");
        // a new user of the same name is someone else: the old token stays dead
        server.create("users", "user", "{\"name\":\"leaver@example.com\"}");
        Thread.sleep(1_200);
        assertThat(server.anonymous().header("x-imply-api-token", token).get("/api/v1/roles").statusCode()).isEqualTo(401);
    }

    /** The README's bound: a request sent more than 1 s after the change (just made) gets {@code wanted}. */
    private static Response awaitStatus(String token, int wanted) throws InterruptedException {
        long changedAt = System.nanoTime();
        while (true) {
            long sentAt = System.nanoTime();
            Response response = server.anonymous().header("x-imply-api-token", token).get("/api/v1/roles");
            if (response.statusCode() == wanted) {
                return response;
            }
            assertThat(sentAt - changedAt).as("sent more than 1 s after the change, got %d %s", response.statusCode(),
                    response.asString()).isLessThan(TimeUnit.SECONDS.toNanos(1));
            Thread.sleep(20);
        }
    }
}
