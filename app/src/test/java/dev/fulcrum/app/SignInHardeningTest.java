package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Password guessing on the sign-in page, and passwords too long to be worth hashing. */
class SignInHardeningTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = TokensPageTest.PASSWORD;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWith("trustedProxies: [\"127.0.0.1\"]\n");
        for (String user : List.of("parallel@example.com", "long@example.com", "proxied@example.com",
                "loopback@example.com", "spoofed@example.com")) {
            TokensPageTest.createUser(server, user, "super-admin");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A sign-in attempt with a fresh form, optionally through a proxy that names the client. */
    private static Response signIn(String user, String password, String forwardedFor) {
        Response form = server.anonymous().get("/ui/sign-in");
        Matcher matcher = CSRF.matcher(form.asString());
        assertThat(matcher.find()).isTrue();
        var request = server.anonymous().redirects().follow(false).cookies(Map.of("fulcrum_signin", matcher.group(1)))
                .contentType("application/x-www-form-urlencoded").formParam("user", user)
                .formParam("password", password).formParam("csrf", matcher.group(1));
        if (forwardedFor != null) {
            request = request.header("X-Forwarded-For", forwardedFor);
        }
        return request.post("/ui/sign-in");
    }

    @Nested
    class Throttle {
        @Test
        void forty_parallel_guesses_are_all_counted_and_only_the_free_few_are_checked() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(40);
            try {
                List<Callable<Integer>> guesses = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String guess = "wrong guess number " + i;
                    guesses.add(() -> signIn("parallel@example.com", guess, "203.0.113." + (i0(guess))).statusCode());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> status : pool.invokeAll(guesses)) {
                    statuses.add(status.get());
                }
                // three free checks, and one more per wait that ran out meanwhile (1 s, then 2 s) under 40 parallel hashes
                long checked = statuses.stream().filter(status -> status == 401).count();
                assertThat(checked).as(statuses.toString()).isBetween(3L, 5L);
                assertThat(statuses.stream().filter(status -> status == 429).count()).isEqualTo(40 - checked);
                assertThat(signIn("parallel@example.com", PASSWORD, "203.0.113.99").statusCode())
                        .as("every refused guess was counted too: even the right password waits").isEqualTo(429);
            } finally {
                pool.shutdownNow();
            }
        }

        private static int i0(String guess) {
            return Integer.parseInt(guess.substring(guess.lastIndexOf(' ') + 1)) + 1;
        }

        @Test
        void loopback_addresses_in_every_spelling_are_one_address() {
            // through the trusted proxy, so that the test can choose the client's spelling of its address
            String[] spellings = {"127.0.0.1", "::1", "::ffff:127.0.0.1", "[::1]", "0:0:0:0:0:0:0:1", "127.0.0.2",
                    "::ffff:7f00:1", "127.0.0.1", "::1", "::ffff:127.0.0.1"};
            for (int i = 0; i < spellings.length; i++) {
                assertThat(signIn("nobody-" + i + "@example.com", "wrong password here", spellings[i]).statusCode())
                        .as("attempt " + (i + 1) + " from " + spellings[i]).isEqualTo(401);
            }
            assertThat(signIn("loopback@example.com", PASSWORD, "::1").statusCode())
                    .as("the address has used its ten free failures").isEqualTo(429);
        }

        @Test
        void a_forwarded_address_from_a_trusted_proxy_is_the_client() {
            for (int i = 0; i < 10; i++) {
                assertThat(signIn("someone-" + i + "@example.com", "wrong password here", "198.51.100.7").statusCode()).isEqualTo(401);
            }
            assertThat(signIn("proxied@example.com", PASSWORD, "198.51.100.7").statusCode()).isEqualTo(429);
            assertThat(signIn("proxied@example.com", PASSWORD, "198.51.100.8").statusCode()).as("another client").isEqualTo(303);
        }
    }

    @Nested
    class UntrustedForwarding {
        @Test
        void x_forwarded_for_from_a_client_that_is_not_a_trusted_proxy_is_ignored() {
            try (TestServer direct = TestServer.start()) {
                TokensPageTest.createUser(direct, "spoofed@example.com", "super-admin");
                for (int i = 0; i < 10; i++) {
                    Response form = direct.anonymous().get("/ui/sign-in");
                    Matcher matcher = CSRF.matcher(form.asString());
                    assertThat(matcher.find()).isTrue();
                    Response wrong = direct.anonymous().redirects().follow(false)
                            .cookies(Map.of("fulcrum_signin", matcher.group(1)))
                            .header("X-Forwarded-For", "192.0.2." + (i + 1))
                            .contentType("application/x-www-form-urlencoded").formParam("user", "ghost-" + i + "@example.com")
                            .formParam("password", "wrong password here").formParam("csrf", matcher.group(1)).post("/ui/sign-in");
                    assertThat(wrong.statusCode()).isEqualTo(401);
                }
                Response form = direct.anonymous().get("/ui/sign-in");
                Matcher matcher = CSRF.matcher(form.asString());
                assertThat(matcher.find()).isTrue();
                Response right = direct.anonymous().redirects().follow(false).cookies(Map.of("fulcrum_signin", matcher.group(1)))
                        .header("X-Forwarded-For", "192.0.2.200").contentType("application/x-www-form-urlencoded")
                        .formParam("user", "spoofed@example.com").formParam("password", PASSWORD)
                        .formParam("csrf", matcher.group(1)).post("/ui/sign-in");
                assertThat(right.statusCode()).as("a made-up X-Forwarded-For does not buy new attempts").isEqualTo(429);
            }
        }
    }

    @Nested
    class LongPasswords {
        private final String tooLong = "p".repeat(1_025);

        @Test
        void a_sign_in_with_a_password_over_1024_bytes_is_a_400() {
            Response response = signIn("long@example.com", tooLong, "198.51.100.50");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.asString()).contains("1024 bytes");
        }

        @Test
        void a_password_of_1024_bytes_in_two_byte_characters_counts_its_bytes() {
            Response response = signIn("long@example.com", "\u00e9".repeat(513), "198.51.100.51");
            assertThat(response.statusCode()).isEqualTo(400);
        }

        @Test
        void a_sign_in_form_larger_than_the_small_form_limit_is_refused() {
            Response response = signIn("long@example.com", "p".repeat(100_000), "198.51.100.52");
            assertThat(response.statusCode()).isEqualTo(413);
        }

        @Test
        void a_password_check_with_a_password_over_1024_bytes_is_a_400() {
            Response response = server.api().body("{\"password\":\"" + tooLong + "\"}")
                    .post("/api/v1/user-auths/long@example.com/verify");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.jsonPath().getString("error")).contains("1024 bytes");
        }

        @Test
        void a_user_auth_with_a_password_over_1024_bytes_is_a_400() {
            Response response = server.api().body("{\"userAuth\":{\"name\":\"long@example.com\",\"type\":\"native\","
                    + "\"currentPass\":{\"pass\":\"" + tooLong + "\",\"hashStrategy\":\"none\"}}}").post("/api/v1/user-auths");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.jsonPath().getString("details[0].path")).isEqualTo("userAuth.currentPass.pass");
            assertThat(signIn("long@example.com", PASSWORD, "198.51.100.53").statusCode()).as("unchanged").isEqualTo(303);
        }
    }
}
