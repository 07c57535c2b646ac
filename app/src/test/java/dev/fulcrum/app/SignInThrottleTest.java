package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slowed sign-ins on the API tokens page. Each test has a server of its own, so that no test's failures
 * count against another's (the address's count is shared by every sign-in from 127.0.0.1).
 */
class SignInThrottleTest {
    private static final String USER = "throttled@example.com";
    private static final String WRONG = "not the password at all";
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
        TokensPageTest.createUser(server, USER, "super-admin");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int signIn(String user, String password) {
        return new PageVisitor(server).signIn(user, password).statusCode();
    }

    /** Sleeps until {@code millis} after {@code sinceNanos}: the throttle's waits are what is tested. */
    private static void sleepUntil(long sinceNanos, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - sinceNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    @Test
    void failed_sign_ins_are_slowed_down_but_never_lock_the_user_out() throws Exception {
        for (int i = 0; i < 3; i++) {
            Response wrong = new PageVisitor(server).signIn(USER, WRONG);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.asString()).contains("The user name or the password is wrong");
        }
        long lastFailure = System.nanoTime();
        Response slowed = new PageVisitor(server).signIn(USER, TokensPageTest.PASSWORD);
        assertThat(slowed.statusCode()).as("even the right password waits").isEqualTo(429);
        assertThat(slowed.asString()).contains("Too many failed sign-ins");
        sleepUntil(lastFailure, 1_100);
        assertThat(signIn(USER, TokensPageTest.PASSWORD)).isEqualTo(303);
    }

    @Test
    void each_further_failure_doubles_the_wait() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(USER, WRONG)).isEqualTo(401);
        }
        sleepUntil(System.nanoTime(), 1_100);
        assertThat(signIn(USER, WRONG)).as("after the first wait the password is checked again").isEqualTo(401);
        long fourthFailure = System.nanoTime();
        assertThat(signIn(USER, TokensPageTest.PASSWORD)).isEqualTo(429);
        sleepUntil(fourthFailure, 1_150);
        assertThat(signIn(USER, TokensPageTest.PASSWORD)).as("1.15 s after the 4th failure: it must wait 2 s").isEqualTo(429);
        sleepUntil(fourthFailure, 2_200);
        assertThat(signIn(USER, TokensPageTest.PASSWORD)).isEqualTo(303);
    }

    @Test
    void a_success_clears_the_accounts_count() {
        for (int round = 0; round < 3; round++) {
            assertThat(signIn(USER, WRONG)).isEqualTo(401);
            assertThat(signIn(USER, WRONG)).isEqualTo(401);
            assertThat(signIn(USER, TokensPageTest.PASSWORD)).as("round " + round).isEqualTo(303);
        }
    }

    @Test
    void an_address_has_ten_failures_before_it_waits_whatever_the_accounts() throws Exception {
        for (int i = 0; i < 9; i++) {
            assertThat(signIn("nobody-" + i + "@example.com", WRONG)).isEqualTo(401);
        }
        assertThat(signIn(USER, TokensPageTest.PASSWORD)).as("9 failures from the address").isEqualTo(303);
        assertThat(signIn("nobody-9@example.com", WRONG)).isEqualTo(401);
        long tenthFailure = System.nanoTime();
        assertThat(signIn(USER, TokensPageTest.PASSWORD)).as("10 failures from the address").isEqualTo(429);
        sleepUntil(tenthFailure, 1_100);
        assertThat(signIn(USER, TokensPageTest.PASSWORD)).isEqualTo(303);
    }
}
