package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API tokens page over plain HTTP: sessions, cookies, CSRF and who may do what (throttling: {@link SignInThrottleTest}). */
class TokensPageTest {
    static final String PASSWORD = "correct horse battery";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startWith("sessionIdleTimeoutSeconds: 2\n");
        createUser(server, "admin@example.com", "super-admin");
        server.create("roles", "role", "{\"name\":\"viewers\",\"permissions\":[{\"name\":\"AccessVisualization\"}]}");
        createUser(server, "viewer@example.com", "viewers");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void createUser(TestServer server, String name, String role) {
        server.create("users", "user", "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}");
        server.create("user-auths", "userAuth", "{\"name\":\"" + name + "\",\"type\":\"native\",\"currentPass\":{\"pass\":\""
                + PASSWORD + "\",\"hashStrategy\":\"none\"}}");
    }

    @Test
    void the_root_leads_to_the_page_which_asks_to_sign_in_first() {
        PageVisitor visitor = new PageVisitor(server);
        assertThat(visitor.get("/").header("Location")).isEqualTo("/ui/tokens");
        Response page = visitor.get("/ui/tokens");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/ui/sign-in");
        Response form = visitor.get("/ui/sign-in");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.contentType()).startsWith("text/html");
        assertThat(form.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(form.asString()).contains("Sign in").contains("name=\"csrf\"");
    }

    @Test
    void signing_in_sets_a_strict_http_only_cookie_secure_behind_tls() {
        PageVisitor visitor = new PageVisitor(server);
        Response signedIn = visitor.signIn("admin@example.com", PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        List<String> setCookies = signedIn.headers().getValues("Set-Cookie");
        assertThat(setCookies).anySatisfy(cookie -> assertThat(cookie).startsWith("fulcrum_session=")
                .contains("HttpOnly", "SameSite=Strict", "Path=/ui").doesNotContain("Secure"));
        Response page = visitor.get("/ui/tokens");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.asString()).contains("Signed in as <strong>admin@example.com</strong>").contains("Create a token");

        PageVisitor proxied = new PageVisitor(server);
        proxied.get("/ui/sign-in");
        Response behindTls = server.anonymous().redirects().follow(false).cookies(proxied.cookies)
                .header("X-Forwarded-Proto", "https").contentType("application/x-www-form-urlencoded")
                .formParam("user", "admin@example.com").formParam("password", PASSWORD).formParam("csrf", proxied.csrf)
                .post("/ui/sign-in");
        assertThat(behindTls.headers().getValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("fulcrum_session=").contains("; Secure"));
    }

    @Test
    void a_form_without_its_csrf_token_changes_nothing() {
        PageVisitor visitor = new PageVisitor(server);
        visitor.get("/ui/sign-in");
        Response forged = visitor.post("/ui/sign-in", "user", "admin@example.com", "password", PASSWORD, "csrf", "forged");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(visitor.cookies).doesNotContainKey("fulcrum_session");

        visitor.signIn("admin@example.com", PASSWORD);
        Response refused = visitor.post("/ui/tokens", "name", "forged-token", "role", "super-admin", "expiresIn", "30d",
                "csrf", "wrong");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.asString()).contains("nothing was changed");
        assertThat(server.api().get("/api/v1/api-tokens/forged-token").statusCode()).isEqualTo(404);
    }

    @Test
    void a_token_made_on_the_page_belongs_to_its_user_and_is_shown_once() {
        PageVisitor visitor = new PageVisitor(server);
        visitor.signIn("admin@example.com", PASSWORD);
        visitor.get("/ui/tokens");
        Response created = visitor.post("/ui/tokens", "name", "page-made", "role", "super-admin", "expiresIn", "7d",
                "csrf", visitor.csrf);
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        Matcher raw = Pattern.compile("value=\"(fulcrum_[A-Za-z0-9]+)\"").matcher(created.asString());
        assertThat(raw.find()).isTrue();
        assertThat(server.anonymous().header("x-imply-api-token", raw.group(1)).get("/api/v1/users").statusCode()).isEqualTo(200);
        String stored = server.api().get("/api/v1/api-tokens/page-made").asString();
        assertThat(stored).contains("\"user\":\"admin@example.com\"", "\"createdBy\":\"admin@example.com\"");
        assertThat(visitor.get("/ui/tokens").asString()).contains("page-made").doesNotContain(raw.group(1));

        Response revoked = visitor.post("/ui/tokens/page-made/revoke", "csrf", visitor.csrf);
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(server.api().get("/api/v1/api-tokens/page-made").statusCode()).isEqualTo(404);
    }

    @Test
    void a_user_without_manage_api_tokens_is_told_why_and_can_do_nothing() {
        PageVisitor visitor = new PageVisitor(server);
        visitor.signIn("viewer@example.com", PASSWORD);
        Response page = visitor.get("/ui/tokens");
        assertThat(page.asString()).contains("You cannot manage API tokens").contains("ManageApiTokens").doesNotContain("create-form");
        Response refused = visitor.post("/ui/tokens", "name", "sneaky", "role", "viewers", "expiresIn", "7d", "csrf", visitor.csrf);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(server.api().get("/api/v1/api-tokens/sneaky").statusCode()).isEqualTo(404);
    }

    @Test
    void a_session_ends_on_sign_out_and_after_the_idle_timeout() throws Exception {
        PageVisitor visitor = new PageVisitor(server);
        visitor.signIn("admin@example.com", PASSWORD);
        visitor.get("/ui/tokens");
        String session = visitor.cookies.get("fulcrum_session");
        // a sign-out without this page's CSRF token changes nothing: the session stays, and so does the cookie
        Response forged = visitor.post("/ui/sign-out", "csrf", "forged");
        assertThat(forged.header("Location")).isEqualTo("/ui/tokens");
        assertThat(forged.headers().getValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("fulcrum_session="));
        assertThat(visitor.get("/ui/tokens").statusCode()).isEqualTo(200);
        assertThat(visitor.post("/ui/sign-out", "csrf", visitor.csrf).header("Location")).isEqualTo("/ui/sign-in?signedOut");
        assertThat(server.anonymous().redirects().follow(false).cookie("fulcrum_session", session).get("/ui/tokens")
                .statusCode()).isEqualTo(303);

        PageVisitor idle = new PageVisitor(server);
        idle.signIn("admin@example.com", PASSWORD);
        assertThat(idle.get("/ui/tokens").statusCode()).isEqualTo(200);
        Thread.sleep(2_200);
        Response expired = idle.get("/ui/tokens");
        assertThat(expired.statusCode()).isEqualTo(303);
        assertThat(expired.header("Location")).isEqualTo("/ui/sign-in?expired");
    }

    @Test
    void a_restart_signs_everyone_out() {
        try (TestServer own = TestServer.start()) {
            createUser(own, "restarted@example.com", "super-admin");
            PageVisitor visitor = new PageVisitor(own);
            assertThat(visitor.signIn("restarted@example.com", PASSWORD).statusCode()).isEqualTo(303);
            assertThat(visitor.get("/ui/tokens").statusCode()).isEqualTo(200);
            own.restart();
            Response after = visitor.get("/ui/tokens");
            assertThat(after.statusCode()).isEqualTo(303);
            assertThat(after.header("Location")).startsWith("/ui/sign-in");
            assertThat(visitor.signIn("restarted@example.com", PASSWORD).statusCode()).as("one sign-in").isEqualTo(303);
            assertThat(visitor.get("/ui/tokens").statusCode()).isEqualTo(200);
        }
    }
}
