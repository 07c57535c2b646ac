package dev.fulcrum.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The page's rules that need no server, through their own API: the sign-in throttle's counts and waits, and
 * escaping. Fast enough to be what PIT runs against (.ci/mutation web); SignInThrottleTest covers the same
 * through the page.
 */
class WebRulesTest {

    @Test
    void an_account_has_three_free_checks_then_waits_a_second_then_two() throws Exception {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 0; i < SignInThrottle.FREE_PER_ACCOUNT; i++) {
            assertThat(throttle.attempt("Ada", "a" + i)).as("attempt %d", i).isZero();
        }
        Duration wait = throttle.attempt("ada", "b"); // the account, whatever its case
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1))
                .isGreaterThan(Duration.ofMillis(800));
        Thread.sleep(wait.toMillis() + 20);
        assertThat(throttle.attempt("ADA", "c")).isZero();
        Duration doubled = throttle.attempt("ada", "d");
        assertThat(doubled).isGreaterThan(Duration.ofMillis(1_800)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.attempt("bob", "e")).as("another account is not slowed").isZero();
    }

    @Test
    void one_address_sending_twenty_thousand_new_names_is_remembered_with_a_few_of_them() {
        // the black-box attack: new ~8 KB names from one address filled 170 MB of heap with refused names
        SignInThrottle throttle = new SignInThrottle();
        String padding = "x".repeat(200);
        long checked = 0;
        for (int i = 0; i < 20_000; i++) {
            checked += throttle.attempt(padding + i + "@example.com", "203.0.113.7").isZero() ? 1 : 0;
        }
        assertThat(checked).isEqualTo(SignInThrottle.FREE_PER_ADDRESS);
        assertThat(throttle.size()).as("the address and the names it could try").isEqualTo(1 + SignInThrottle.FREE_PER_ADDRESS);
    }

    @Test
    void a_name_longer_than_any_user_name_gets_no_count_of_its_own() {
        SignInThrottle throttle = new SignInThrottle();
        String tooLong = "a".repeat(SignInThrottle.MAX_NAME_LENGTH + 1);
        assertThat(throttle.attempt(tooLong, "198.51.100.1")).isZero(); // checked (and refused by the check), counted for the address
        assertThat(throttle.size()).isEqualTo(1);
    }

    @Test
    void a_full_table_makes_new_names_and_addresses_wait_and_keeps_counting_those_it_has() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 0; throttle.size() < SignInThrottle.MAX_ENTRIES; i++) {
            throttle.attempt("user" + i, "10.0." + (i >> 8) + "." + (i & 255));
        }
        assertThat(throttle.attempt("someone-new", "192.0.2.1")).as("a new address, with the table full").isPositive();
        assertThat(throttle.attempt("someone-new", "10.0.0.0")).as("a known address trying a new name").isPositive();
        assertThat(throttle.attempt("user0", "10.0.0.0")).as("a known name from its known address").isZero();
        assertThat(throttle.size()).isEqualTo(SignInThrottle.MAX_ENTRIES);
    }

    @Test
    void a_success_clears_the_accounts_count_and_gives_the_address_its_attempt_back() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 0; i < SignInThrottle.FREE_PER_ACCOUNT; i++) {
            assertThat(throttle.attempt("ada", "x")).isZero();
        }
        throttle.succeeded("Ada", "x");
        for (int i = 0; i < SignInThrottle.FREE_PER_ACCOUNT; i++) {
            assertThat(throttle.attempt("ada", "x")).isZero();
        }
        assertThat(throttle.attempt("ada", "x")).isPositive();
        throttle.succeeded("nobody", "never-seen"); // nothing to clear
    }

    @Test
    void an_address_has_ten_free_checks_across_accounts() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 0; i < SignInThrottle.FREE_PER_ADDRESS; i++) {
            assertThat(throttle.attempt("user" + i, "10.0.0.1")).as("attempt %d", i).isZero();
        }
        assertThat(throttle.attempt("user-new", "10.0.0.1")).isPositive();
        assertThat(throttle.attempt("user-new", "10.0.0.2")).isZero();
        throttle.succeeded("user0", "10.0.0.1"); // the address gets one attempt back
        assertThat(throttle.attempt("user-other", "10.0.0.1")).isZero();
        assertThat(throttle.attempt("user-third", "10.0.0.1")).isPositive();
    }

    @Test
    void a_success_from_an_address_with_no_checked_attempt_gives_it_nothing_extra() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 0; i < SignInThrottle.FREE_PER_ACCOUNT; i++) {
            throttle.attempt("ada", "10.0.0.1");
        }
        assertThat(throttle.attempt("ada", "10.0.0.2")).as("refused: the account waits").isPositive();
        throttle.succeeded("ada", "10.0.0.2"); // the address's count is still zero: it stays there
        for (int i = 0; i < SignInThrottle.FREE_PER_ADDRESS; i++) {
            assertThat(throttle.attempt("user" + i, "10.0.0.2")).as("attempt %d", i).isZero();
        }
        assertThat(throttle.attempt("user-extra", "10.0.0.2")).isPositive();
    }

    @Test
    void refused_attempts_do_not_lengthen_the_wait() throws Exception {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 0; i < SignInThrottle.FREE_PER_ACCOUNT; i++) {
            throttle.attempt("ada", "x" + i);
        }
        Duration first = throttle.attempt("ada", "y");
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.attempt("ada", "z" + i)).isPositive().isLessThanOrEqualTo(first);
        }
        Thread.sleep(first.toMillis() + 20);
        assertThat(throttle.attempt("ada", "w")).isZero();
    }

    @Test
    void text_is_escaped_for_element_content_and_quoted_attributes() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&</a> ok")).isEqualTo(
                "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt; ok");
        assertThat(Html.escape(null)).isEmpty();
        assertThat(Html.csrfField("t\"k")).isEqualTo("<input type=\"hidden\" name=\"csrf\" value=\"t&quot;k\">");
        assertThat(Html.fieldError("name", "is <bad>")).isEqualTo(
                "<p class=\"field-error\" id=\"name-error\" role=\"alert\">is &lt;bad&gt;</p>");
        assertThat(Html.fieldError("name", null)).isEmpty();
    }
}
