package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page session belongs to the user who signed in, not to a name: once that user is deleted, a new user of the
 * same name (even a more powerful one) does not inherit the old cookie.
 */
class SessionIdentityTest {
    private static final String PASSWORD = "correct horse battery";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("roles", "role", "{\"name\":\"token-makers\",\"permissions\":[{\"name\":\"ManageApiTokens\"}]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void createUser(String name, String role) {
        server.create("users", "user", "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}");
        server.create("user-auths", "userAuth", "{\"name\":\"" + name + "\",\"type\":\"native\",\"currentPass\":{\"pass\":\""
                + PASSWORD + "\",\"hashStrategy\":\"none\"}}");
    }

    @Test
    void an_old_cookie_cannot_mint_a_token_as_a_new_user_of_the_same_name() {
        createUser("reused@example.com", "token-makers");
        PageVisitor old = new PageVisitor(server);
        assertThat(old.signIn("reused@example.com", PASSWORD).header("Location")).isEqualTo("/ui/tokens");
        assertThat(old.get("/ui/tokens").statusCode()).isEqualTo(200);
        String csrf = old.csrf;

        assertThat(server.api().delete("/api/v1/user-auths/reused@example.com").statusCode()).isEqualTo(200);
        assertThat(server.api().delete("/api/v1/users/reused@example.com").statusCode()).isEqualTo(200);
        createUser("reused@example.com", "super-admin");

        Response minted = old.post("/ui/tokens", "name", "inherited", "role", "super-admin", "expiresIn", "never", "csrf", csrf);
        assertThat(minted.statusCode()).isEqualTo(303);
        assertThat(minted.header("Location")).startsWith("/ui/sign-in");
        assertThat(server.tokenService().find("inherited")).isEmpty();
        assertThat(old.get("/ui/tokens").statusCode()).isEqualTo(303);
    }

    @Test
    void the_new_user_signs_in_with_a_session_of_its_own() {
        createUser("again@example.com", "token-makers");
        assertThat(server.api().delete("/api/v1/user-auths/again@example.com").statusCode()).isEqualTo(200);
        assertThat(server.api().delete("/api/v1/users/again@example.com").statusCode()).isEqualTo(200);
        createUser("again@example.com", "token-makers");
        PageVisitor fresh = new PageVisitor(server);
        assertThat(fresh.signIn("again@example.com", PASSWORD).header("Location")).isEqualTo("/ui/tokens");
        Response created = fresh.createToken("fresh", "token-makers", "7d");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        assertThat(server.tokenService().find("fresh")).isPresent();
    }
}
