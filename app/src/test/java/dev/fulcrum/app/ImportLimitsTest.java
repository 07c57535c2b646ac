package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.tokens.TokenRequest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * An import is no denial of service: what the caller may import is decided from the bundle's kinds before any
 * document is parsed, validated or hashed; a bundle holds at most 10,000 documents; a plan's answer is bounded.
 */
@Isolated // measures time or captures stderr: runs with no other test class beside it
class ImportLimitsTest {
    private static TestServer server;
    private static String powerless;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("roles", "role", "{\"name\":\"nothing\",\"permissions\":[]}");
        powerless = server.tokenService().create(new TokenRequest("powerless", "nothing", null, "test", null));
        server.api().get("/api/v1/roles"); // the first request warms the server up
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String bundleOf(String resource, int count, java.util.function.IntFunction<String> document) {
        StringBuilder bundle = new StringBuilder("{\"fulcrumBundle\":1,\"resources\":{\"" + resource + "\":[");
        for (int i = 0; i < count; i++) {
            bundle.append(i == 0 ? "" : ",").append(document.apply(i));
        }
        return bundle.append("]}}").toString();
    }

    private static Response importAs(String token, String bundle, String query) {
        return server.anonymous().header("x-imply-api-token", token).body(bundle).post("/api/v1/import" + query);
    }

    @Test
    void a_token_without_permissions_is_refused_a_two_mebibyte_bundle_of_empty_roles_at_once() {
        String bundle = bundleOf("roles", 699_050, i -> "{}");
        assertThat(bundle.length()).isGreaterThan(2 * 1024 * 1024 - 100);
        long started = System.nanoTime();
        Response response = importAs(powerless, bundle, "?dryRun=true");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(403);
        assertThat(Jsons.parse(response.asString()).path("error").asText()).contains("ManageUserRoles");
        assertThat(response.asString().length()).isLessThan(1000);
        assertThat(millis).as("milliseconds to refuse").isLessThan(1000);
    }

    @Test
    void two_hundred_user_auths_from_a_token_without_permissions_are_refused_without_hashing_one() {
        String bundle = bundleOf("user-auths", 200, i -> "{\"name\":\"u" + i + "@example.com\",\"type\":\"native\","
                + "\"currentPass\":{\"pass\":\"correct horse battery " + i + "\",\"hashStrategy\":\"none\"}}");
        long started = System.nanoTime();
        Response response = importAs(powerless, bundle, "?dryRun=true");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(403);
        assertThat(Jsons.parse(response.asString()).path("error").asText()).contains("ManageUsers");
        assertThat(millis).as("milliseconds to refuse (200 Argon2id hashes take seconds)").isLessThan(1000);
    }

    @Test
    void a_bundle_of_more_than_ten_thousand_documents_is_refused_naming_the_limit() {
        Response response = importAs(server.token, bundleOf("roles", 10_001, i -> "{\"name\":\"big" + i + "\"}"), "?dryRun=true");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(413);
        assertThat(Jsons.parse(response.asString()).path("error").asText()).contains("10000");
        assertThat(server.api().get("/api/v1/roles/big0").statusCode()).isEqualTo(404);
    }

    @Test
    void a_body_that_is_not_a_bundle_is_refused_before_it_is_parsed_into_documents() {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < 500_000; i++) {
            array.append(i == 0 ? "{}" : ",{}");
        }
        Response response = importAs(powerless, array.append(']').toString(), "");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(Jsons.parse(response.asString()).path("error").asText()).contains("fulcrumBundle");
    }

    @Test
    void a_plan_lists_at_most_a_hundred_documents_of_each_action_and_says_so() {
        Response response = importAs(server.token, bundleOf("roles", 250, i -> "{\"name\":\"planned" + i + "\"}"), "?dryRun=true");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode plan = Jsons.parse(response.asString());
        assertThat(plan.path("summary").path("create").asInt()).isEqualTo(250);
        assertThat(plan.path("documents")).hasSize(100);
        assertThat(plan.path("documentsShown").asText()).contains("first 100");
    }

    @Test
    void a_small_plan_is_answered_whole_as_before() {
        Response response = importAs(server.token, bundleOf("roles", 3, i -> "{\"name\":\"small" + i + "\"}"), "?dryRun=true");
        JsonNode plan = Jsons.parse(response.asString());
        assertThat(plan.path("documents")).hasSize(3);
        assertThat(plan.has("documentsShown")).isFalse();
    }
}
