package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A token is bound to its role as it was when the token was made: a role deleted and created again under the same
 * name gives the old tokens nothing; and a token made on the tokens page never has more than its user has now.
 */
class TokenRoleIdentityTest {
    /** Longer than the caches of roles and tokens (a second each). */
    private static final long CACHES_MILLIS = 2200;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String mint(String name, String role) {
        Response response = server.api().body("{\"apiToken\":{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}}")
                .post("/api/v1/api-tokens");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return Jsons.parse(response.asString()).path("token").asText();
    }

    private static int get(String token, String path) {
        return server.anonymous().header("x-imply-api-token", token).get(path).statusCode();
    }

    private static void role(String name, String... permissions) {
        StringBuilder list = new StringBuilder();
        for (String permission : permissions) {
            list.append(list.length() == 0 ? "" : ",").append("{\"name\":\"").append(permission).append("\"}");
        }
        server.create("roles", "role", "{\"name\":\"" + name + "\",\"permissions\":[" + list + "]}");
    }

    private static String mintWith(String maker, String body) {
        Response response = server.anonymous().header("x-imply-api-token", maker).body(body).post("/api/v1/api-tokens");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return Jsons.parse(response.asString()).path("token").asText();
    }

    @Test
    void a_token_made_for_someone_else_dies_with_the_user_whose_token_made_it() throws Exception {
        // the "sleeper" of the black-box review: it kept working after its maker's user was demoted and deleted
        role("minter", "ManageApiTokens", "ManageUsers");
        role("ops", "ManageUsers");
        server.create("users", "user", "{\"name\":\"mal\",\"roles\":[\"minter\"]}");
        server.create("users", "user", "{\"name\":\"peer\",\"roles\":[\"ops\"]}"); // whose permissions mal holds
        String malToken = mintWith(server.token, "{\"apiToken\":{\"name\":\"mal-token\",\"role\":\"minter\",\"user\":\"mal\"}}");
        String sleeper = mintWith(malToken, "{\"apiToken\":{\"name\":\"sleeper\",\"role\":\"ops\",\"user\":\"peer\"}}");
        assertThat(get(sleeper, "/api/v1/users")).isEqualTo(200);

        assertThat(server.api().delete("/api/v1/users/mal").statusCode()).isEqualTo(200);
        Thread.sleep(CACHES_MILLIS);
        assertThat(get(malToken, "/api/v1/users")).isEqualTo(401);
        Response refused = server.anonymous().header("x-imply-api-token", sleeper).get("/api/v1/users");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.jsonPath().getString("error")).contains("mal-token");
    }

    @Test
    void a_token_never_has_more_than_the_token_that_made_it_has_now() throws Exception {
        role("parent-role", "ManageApiTokens", "ManageConnections");
        role("conn", "ManageConnections");
        String parent = mint("parent", "parent-role");
        String child = mintWith(parent, "{\"apiToken\":{\"name\":\"child\",\"role\":\"conn\"}}");
        assertThat(get(child, "/api/v1/connections")).isEqualTo(200);
        Response changed = server.api().body("{\"role\":{\"name\":\"parent-role\",\"permissions\":[{\"name\":\"ManageApiTokens\"}]}}")
                .put("/api/v1/roles/parent-role");
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
        Thread.sleep(CACHES_MILLIS);
        assertThat(get(parent, "/api/v1/connections")).isEqualTo(403);
        assertThat(get(child, "/api/v1/connections")).as("the child lost what its parent lost").isEqualTo(403);
    }

    @Test
    void a_token_whose_role_was_deleted_gets_nothing_from_a_new_role_of_the_same_name() throws Exception {
        role("reborn", "ManageConnections");
        String token = mint("reborn-token", "reborn");
        assertThat(get(token, "/api/v1/connections")).isEqualTo(200);
        assertThat(server.api().delete("/api/v1/roles/reborn").statusCode()).isEqualTo(200);
        Thread.sleep(CACHES_MILLIS);
        assertThat(get(token, "/api/v1/connections")).isEqualTo(403);

        role("reborn", "ManageConnections", "ManageUserRoles", "ManageUsers");
        Thread.sleep(CACHES_MILLIS);
        assertThat(get(token, "/api/v1/connections")).isEqualTo(403);
        assertThat(get(token, "/api/v1/roles")).isEqualTo(403);
        assertThat(get(token, "/api/v1/users")).isEqualTo(403);
        assertThat(get(token, "/api/v1/connection-types")).as("what any valid token may do").isEqualTo(200);
        assertThat(get(mint("reborn-new-token", "reborn"), "/api/v1/roles")).as("a new token gets the new role").isEqualTo(200);
    }

    @Test
    void a_changed_role_keeps_its_tokens_with_its_new_permissions() throws Exception {
        role("changing", "ManageConnections");
        String token = mint("changing-token", "changing");
        Response changed = server.api().body("{\"role\":{\"name\":\"changing\",\"permissions\":[{\"name\":\"ManageUserRoles\"}]}}")
                .put("/api/v1/roles/changing");
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
        Thread.sleep(CACHES_MILLIS);
        assertThat(get(token, "/api/v1/roles")).isEqualTo(200);
        assertThat(get(token, "/api/v1/connections")).isEqualTo(403);
    }

    @Test
    void a_demoted_users_page_made_token_and_its_children_lose_what_the_user_lost() throws Exception {
        role("editors", "ManageUserRoles", "ManageConnections", "ManageApiTokens");
        role("readers", "ManageConnections", "ManageApiTokens");
        TokensPageTest.createUser(server, "demoted@example.com", "editors");
        PageVisitor visitor = new PageVisitor(server);
        assertThat(visitor.signIn("demoted@example.com", TokensPageTest.PASSWORD).statusCode()).isEqualTo(303);
        Response created = visitor.createToken("editor-page-token", "editors", "7d");
        Matcher raw = Pattern.compile("value=\"(fulcrum_[A-Za-z0-9]+)\"").matcher(created.asString());
        assertThat(raw.find()).as(created.asString()).isTrue();
        String token = raw.group(1);
        assertThat(get(token, "/api/v1/roles")).isEqualTo(200);
        Response made = server.anonymous().header("x-imply-api-token", token)
                .body("{\"apiToken\":{\"name\":\"editor-child-token\",\"role\":\"editors\"}}").post("/api/v1/api-tokens");
        assertThat(made.statusCode()).as(made.asString()).isEqualTo(200);
        String child = Jsons.parse(made.asString()).path("token").asText();

        Response demoted = server.api().body("{\"user\":{\"name\":\"demoted@example.com\",\"roles\":[\"readers\"]}}")
                .put("/api/v1/users/demoted@example.com");
        assertThat(demoted.statusCode()).as(demoted.asString()).isEqualTo(200);
        Thread.sleep(CACHES_MILLIS);
        assertThat(get(token, "/api/v1/roles")).as("ManageUserRoles went with the user's role").isEqualTo(403);
        assertThat(get(token, "/api/v1/connections")).as("what the user still has").isEqualTo(200);
        assertThat(get(child, "/api/v1/roles")).as("a token made by the user's token, too").isEqualTo(403);
        assertThat(get(child, "/api/v1/connections")).isEqualTo(200);

        Response promoted = server.api().body("{\"user\":{\"name\":\"demoted@example.com\",\"roles\":[\"editors\"]}}")
                .put("/api/v1/users/demoted@example.com");
        assertThat(promoted.statusCode()).isEqualTo(200);
        Thread.sleep(CACHES_MILLIS);
        assertThat(get(token, "/api/v1/roles")).as("never more than its own role, and that again").isEqualTo(200);
    }
}
