package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The forms of a token's lifetime, and the shape of a raw token that lets look-alikes be refused without the database. */
class TokenLifetimeAndShapeTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"90m, 90", "12h, 720", "30d, 43200", "2w, 20160", "P30D, 43200", "PT36H, 2160"})
    void every_documented_form_of_expires_in_gives_that_lifetime(String expiresIn, long minutes) {
        Instant before = Instant.now();
        Response created = server.api().body("{\"apiToken\":{\"name\":\"t\",\"expiresIn\":\"" + expiresIn + "\"}}")
                .post("/api/v1/api-tokens");
        Instant after = Instant.now();
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        Instant expiresAt = Instant.parse(created.jsonPath().getString("apiToken.expiresAt"));
        Duration lifetime = Duration.ofMinutes(minutes);
        assertThat(expiresAt).isBetween(before.plus(lifetime).minusSeconds(1), after.plus(lifetime).plusSeconds(1));
    }

    @Test
    void a_raw_token_has_the_documented_shape() {
        assertThat(server.token).matches("fulcrum_[0-9A-Za-z]{43}[0-9A-Za-z]{6}");
    }

    @Test
    void look_alike_tokens_are_refused_without_asking_the_database() {
        String real = server.token;
        String body = real.substring(0, real.length() - 6);
        String checksum = real.substring(real.length() - 6);
        String[] lookAlikes = {
            body + new StringBuilder(checksum).reverse(),                     // a wrong checksum
            "fulcrum_" + "A".repeat(49),                                        // the right length, no checksum
            real.substring(0, 20) + (real.charAt(20) == 'a' ? 'b' : 'a') + real.substring(21), // one character changed
            real + "x",                                                         // too long
            "notfulcrum_" + real.substring(8)};
        server.closeDatabase();
        // the real token has the right shape, so it needs the database (away: 503); the look-alikes do not
        assertThat(server.anonymous().header("x-imply-api-token", real).get("/api/v1/roles").statusCode()).isEqualTo(503);
        for (String lookAlike : lookAlikes) {
            Response refused = server.anonymous().header("x-imply-api-token", lookAlike).get("/api/v1/roles");
            assertThat(refused.statusCode()).as(lookAlike).isEqualTo(401);
            assertThat(refused.jsonPath().getString("error")).isNotBlank();
        }
    }
}
