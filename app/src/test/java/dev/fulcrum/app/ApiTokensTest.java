package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /api/v1/api-tokens, roles, expiry and revocation, through a real server. */
@Isolated // measures time or captures stderr: runs with no other test class beside it
class ApiTokensTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("users", "user", "{\"name\":\"ada@example.com\"}");
        server.create("roles", "role", "{\"name\":\"token-keeper\",\"permissions\":[{\"name\":\"ManageApiTokens\"}]}");
        server.create("roles", "role", "{\"name\":\"connector\",\"permissions\":[{\"name\":\"ManageConnections\"}]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response create(RequestSpecification as, String body) {
        return as.body("{\"apiToken\":" + body + "}").post("/api/v1/api-tokens");
    }

    private static RequestSpecification as(String token) {
        return server.anonymous().header("x-imply-api-token", token);
    }

    @Test
    void the_raw_token_is_in_the_creation_answer_only_and_works_at_once() throws Exception {
        Response created = create(server.api(), "{\"name\":\"grafana\",\"role\":\"connector\",\"expiresIn\":\"30d\"}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        JsonNode answer = Jsons.parse(created.asString());
        String raw = answer.path("token").asText();
        assertThat(raw).startsWith("fulcrum_");
        assertThat(answer.path("apiToken").path("role").asText()).isEqualTo("connector");
        assertThat(answer.path("apiToken").path("createdBy").asText()).isEqualTo("token:test");
        Instant expires = Instant.parse(answer.path("apiToken").path("expiresAt").asText());
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofDays(29), Duration.ofDays(30));

        assertThat(as(raw).get("/api/v1/connections").statusCode()).isEqualTo(200);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
        for (String path : new String[] {"/api/v1/api-tokens", "/api/v1/api-tokens/grafana"}) {
            assertThat(server.api().get(path).asString()).contains("grafana").doesNotContain(raw).doesNotContain(hash);
        }
    }

    @Test
    void a_token_made_without_a_role_is_super_admin() {
        JsonNode answer = Jsons.parse(create(server.api(), "{\"name\":\"everything\"}").asString());
        assertThat(answer.path("apiToken").path("role").asText()).isEqualTo("super-admin");
        assertThat(answer.path("apiToken").path("expiresAt").isNull()).isTrue();
        assertThat(as(answer.path("token").asText()).get("/api/v1/roles").statusCode()).isEqualTo(200);
    }

    @Test
    void a_revoked_token_is_refused_at_once_and_its_name_is_free_again() {
        String raw = Jsons.parse(create(server.api(), "{\"name\":\"short\"}").asString()).path("token").asText();
        assertThat(as(raw).get("/api/v1/users").statusCode()).isEqualTo(200);
        assertThat(server.api().delete("/api/v1/api-tokens/short").statusCode()).isEqualTo(200);
        assertThat(as(raw).get("/api/v1/users").statusCode()).isEqualTo(401);
        assertThat(server.api().get("/api/v1/api-tokens/short").statusCode()).isEqualTo(404);
        assertThat(server.api().delete("/api/v1/api-tokens/short").statusCode()).isEqualTo(404);
        assertThat(create(server.api(), "{\"name\":\"short\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void an_expired_token_is_refused_with_401_saying_it_expired() throws Exception {
        String raw = server.tokenService().create(new TokenRequest("brief", null, null, "test", Duration.ofSeconds(1)));
        assertThat(as(raw).get("/api/v1/users").statusCode()).isEqualTo(200); // now cached as valid
        Thread.sleep(1100);
        Response refused = as(raw).get("/api/v1/users");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.asString()).contains("'brief' expired at");
    }

    @Test
    void a_changed_role_takes_effect_within_a_second() throws Exception {
        server.create("roles", "role", "{\"name\":\"shifting\",\"permissions\":[{\"name\":\"ManageUsers\"}]}");
        String raw = server.tokenService().create(new TokenRequest("shifter", "shifting", null, "test", null));
        assertThat(as(raw).get("/api/v1/users").statusCode()).isEqualTo(200);
        server.create("roles", "role", "{\"name\":\"shifting\",\"permissions\":[{\"name\":\"ManageConnections\"}]}");
        withinASecond(System.nanoTime(), () -> as(raw).get("/api/v1/users").statusCode(), 403);
        assertThat(as(raw).get("/api/v1/connections").statusCode()).isEqualTo(200);
        server.api().delete("/api/v1/roles/shifting");
        withinASecond(System.nanoTime(), () -> as(raw).get("/api/v1/connections").statusCode(), 403);
    }

    @Test
    void last_use_is_recorded_off_the_request_path() throws Exception {
        String raw = Jsons.parse(create(server.api(), "{\"name\":\"used\"}").asString()).path("token").asText();
        assertThat(server.api().get("/api/v1/api-tokens/used").asString()).contains("\"lastUsedAt\":null");
        as(raw).get("/api/v1/users");
        long start = System.nanoTime();
        while (server.api().get("/api/v1/api-tokens/used").asString().contains("\"lastUsedAt\":null")) {
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            Thread.sleep(50);
        }
    }

    @Test
    void last_use_is_written_at_most_once_a_minute() throws Exception {
        String stale = server.tokenService().create(new TokenRequest("used-61s-ago", null, null, "test", null));
        String recent = server.tokenService().create(new TokenRequest("used-50s-ago", null, null, "test", null));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        setLastUsed("used-61s-ago", now.minusSeconds(61));
        setLastUsed("used-50s-ago", now.minusSeconds(50));

        assertThat(as(stale).get("/api/v1/roles").statusCode()).isEqualTo(200);
        assertThat(as(recent).get("/api/v1/roles").statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        while (lastUsed("used-61s-ago").isBefore(now)) { // more than a minute ago: written again
            assertThat(System.nanoTime() - start).as("the last use of a minute ago is written").isLessThan(5_000_000_000L);
            Thread.sleep(50);
        }
        Instant written = lastUsed("used-61s-ago");
        // used again, after each check's one-second cache: neither is written, being less than a minute old
        Thread.sleep(1_100);
        assertThat(as(stale).get("/api/v1/roles").statusCode()).isEqualTo(200);
        assertThat(as(recent).get("/api/v1/roles").statusCode()).isEqualTo(200);
        Thread.sleep(500); // the background writer would have written by now
        assertThat(lastUsed("used-61s-ago")).isEqualTo(written);
        assertThat(lastUsed("used-50s-ago")).isEqualTo(now.minusSeconds(50));
    }

    private static void setLastUsed(String name, Instant when) throws Exception {
        try (var connection = server.dataSource().getConnection();
             var update = connection.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE name = ? AND revoked_at IS NULL")) {
            update.setObject(1, java.time.OffsetDateTime.ofInstant(when, java.time.ZoneOffset.UTC));
            update.setString(2, name);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static Instant lastUsed(String name) {
        return Instant.parse(Jsons.parse(server.api().get("/api/v1/api-tokens/" + name).asString()).findValue("lastUsedAt").asText());
    }

    /**
     * The README's bound: a request that starts more than a second after the change sees it (each instance caches
     * a token's check and a role's permissions for a second).
     */
    static void withinASecond(long changedAt, IntSupplier status, int expected) throws InterruptedException {
        while (true) {
            long sentAt = System.nanoTime();
            int answer = status.getAsInt();
            if (answer == expected) {
                return;
            }
            assertThat(sentAt - changedAt).as("a request sent more than 1 s after the change still got %d", answer)
                    .isLessThan(1_000_000_000L);
            Thread.sleep(20);
        }
    }

    @Nested
    class Escalation {
        @Test
        void a_token_cannot_create_one_with_permissions_it_lacks() {
            String keeper = server.tokenService().create(new TokenRequest("keeper", "token-keeper", "ada@example.com", "test", null));
            Response refused = create(as(keeper), "{\"name\":\"escalated\",\"role\":\"super-admin\"}");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.asString()).contains("ManageUsers");
            assertThat(create(as(keeper), "{\"name\":\"escalated\"}").statusCode()).isEqualTo(400);
            assertThat(create(as(keeper), "{\"name\":\"for-bob\",\"role\":\"token-keeper\",\"user\":\"bob\"}").statusCode())
                    .isEqualTo(403);
            assertThat(server.api().get("/api/v1/api-tokens/escalated").statusCode()).isEqualTo(404);

            Response same = create(as(keeper), "{\"name\":\"sibling\",\"role\":\"token-keeper\"}");
            assertThat(same.statusCode()).isEqualTo(200);
            assertThat(Jsons.parse(same.asString()).path("apiToken").path("user").asText())
                    .as("a token made by a user's token belongs to that user").isEqualTo("ada@example.com");
        }
    }

    @Nested
    class BadInput {
        @ParameterizedTest
        @ValueSource(strings = {"[]", "{}", "{\"apiToken\":[]}", "{\"apiToken\":{\"name\":\"x\"},\"more\":1}",
                "{\"apiToken\":{}}", "{\"apiToken\":{\"name\":\"bad name\"}}", "{\"apiToken\":{\"name\":7}}",
                "{\"apiToken\":{\"name\":\"x\",\"colour\":\"red\"}}", "{\"apiToken\":{\"name\":\"x\",\"expiresIn\":\"soon\"}}",
                "{\"apiToken\":{\"name\":\"x\",\"expiresIn\":\"-3d\"}}", "{\"apiToken\":{\"name\":\"x\",\"role\":\"absent\"}}",
                "{\"apiToken\":{\"name\":\"x\",\"user\":\"absent\"}}", "not json"})
        void is_a_400_that_says_what_is_wrong_and_creates_nothing(String body) {
            Response response = server.api().body(body).post("/api/v1/api-tokens");
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
            assertThat(Jsons.parse(response.asString()).path("error").asText()).isNotBlank();
            assertThat(server.api().get("/api/v1/api-tokens/x").statusCode()).isEqualTo(404);
        }

        @Test
        void a_taken_name_is_a_409() {
            create(server.api(), "{\"name\":\"taken\"}");
            Response response = create(server.api(), "{\"name\":\"taken\"}");
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.asString()).contains("already exists");
        }
    }

    @Nested
    class MaximumLifetime {
        @Test
        void config_caps_a_token_lifetime_and_gives_it_to_tokens_asked_for_without_one() {
            try (TestServer capped = TestServer.startWith("maxTokenLifetime: 7d\n")) {
                Response tooLong = capped.api().body("{\"apiToken\":{\"name\":\"long\",\"expiresIn\":\"30d\"}}")
                        .post("/api/v1/api-tokens");
                assertThat(tooLong.statusCode()).isEqualTo(400);
                assertThat(tooLong.asString()).contains("maxTokenLifetime").contains("7d");
                JsonNode fine = Jsons.parse(capped.api().body("{\"apiToken\":{\"name\":\"default\"}}")
                        .post("/api/v1/api-tokens").asString());
                Instant expires = Instant.parse(fine.path("apiToken").path("expiresAt").asText());
                assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofDays(6), Duration.ofDays(7));
            }
        }
    }
}
