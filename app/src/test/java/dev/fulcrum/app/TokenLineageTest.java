package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens made by a token die with it, and history and audit name the acting token by an id that a later token of
 * the same name does not share.
 */
class TokenLineageTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Makes a super-admin token named {@code name} with {@code maker}; answers the raw token. */
    private static String mint(String maker, String name) {
        Response response = server.anonymous().header("x-imply-api-token", maker)
                .body("{\"apiToken\":{\"name\":\"" + name + "\",\"role\":\"super-admin\"}}").post("/api/v1/api-tokens");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return Jsons.parse(response.asString()).path("token").asText();
    }

    private static int statusWith(String token) {
        return server.anonymous().header("x-imply-api-token", token).get("/api/v1/roles").statusCode();
    }

    @Test
    void revoking_a_token_revokes_the_tokens_it_made_and_theirs() {
        String parent = mint(server.token, "parent");
        String child = mint(parent, "child");
        String grandchild = mint(child, "grandchild");
        String sibling = mint(server.token, "unrelated");
        assertThat(statusWith(grandchild)).isEqualTo(200);

        assertThat(server.api().delete("/api/v1/api-tokens/parent").statusCode()).isEqualTo(200);

        assertThat(statusWith(parent)).isEqualTo(401);
        assertThat(statusWith(child)).isEqualTo(401);
        assertThat(statusWith(grandchild)).isEqualTo(401);
        assertThat(statusWith(sibling)).isEqualTo(200);
        assertThat(server.api().get("/api/v1/api-tokens").asString()).doesNotContain("\"child\"", "\"grandchild\"")
                .contains("\"unrelated\"");
    }

    @Test
    void a_child_cannot_take_its_parents_name_once_the_parent_is_revoked() {
        String parent = mint(server.token, "heir-parent");
        String child = mint(parent, "heir-child");
        assertThat(server.api().delete("/api/v1/api-tokens/heir-parent").statusCode()).isEqualTo(200);
        Response takeover = server.anonymous().header("x-imply-api-token", child)
                .body("{\"apiToken\":{\"name\":\"heir-parent\",\"role\":\"super-admin\"}}").post("/api/v1/api-tokens");
        assertThat(takeover.statusCode()).isEqualTo(401);
        assertThat(server.tokenService().find("heir-parent")).isEmpty();
    }

    @Test
    void a_token_shows_its_id_and_the_id_of_the_token_that_made_it() {
        String parent = mint(server.token, "shown-parent");
        mint(parent, "shown-child");
        JsonNode parentJson = Jsons.parse(server.api().get("/api/v1/api-tokens/shown-parent").asString()).path("apiToken");
        JsonNode childJson = Jsons.parse(server.api().get("/api/v1/api-tokens/shown-child").asString()).path("apiToken");
        assertThat(parentJson.path("id").isIntegralNumber()).isTrue();
        assertThat(childJson.path("parentId").asLong()).isEqualTo(parentJson.path("id").asLong());
        assertThat(childJson.path("createdBy").asText()).isEqualTo("token:shown-parent");
    }

    @Test
    void history_and_audit_tell_two_tokens_of_the_same_name_apart_by_id() {
        String first = mint(server.token, "reused-name");
        createRole(first, "made-by-first");
        long firstId = idOf("reused-name");
        assertThat(server.api().delete("/api/v1/api-tokens/reused-name").statusCode()).isEqualTo(200);
        String second = mint(server.token, "reused-name");
        createRole(second, "made-by-second");
        long secondId = idOf("reused-name");
        assertThat(secondId).isNotEqualTo(firstId);

        assertThat(changedBy("made-by-first").path("tokenId").asLong()).isEqualTo(firstId);
        assertThat(changedBy("made-by-second").path("tokenId").asLong()).isEqualTo(secondId);
        assertThat(changedBy("made-by-second").path("token").asText()).isEqualTo("reused-name");
        server.flushAudit();
        JsonNode audit = Jsons.parse(server.api().get("/api/v1/audit?resource=roles&name=made-by-first").asString());
        assertThat(audit.path("audit").get(0).path("actor").path("tokenId").asLong()).isEqualTo(firstId);
        assertThat(audit.path("audit").get(0).path("actor").path("token").asText()).isEqualTo("reused-name");
    }

    private static void createRole(String token, String name) {
        Response response = server.anonymous().header("x-imply-api-token", token)
                .body("{\"role\":{\"name\":\"" + name + "\",\"permissions\":[]}}").post("/api/v1/roles");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    }

    private static long idOf(String token) {
        return Jsons.parse(server.api().get("/api/v1/api-tokens/" + token).asString()).path("apiToken").path("id").asLong();
    }

    private static JsonNode changedBy(String role) {
        return Jsons.parse(server.api().get("/api/v1/roles/" + role + "/history").asString()).path("history").get(0)
                .path("changedBy");
    }
}
