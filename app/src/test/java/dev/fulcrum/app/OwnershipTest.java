package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.tokens.TokenRequest;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Alerts and reports: AccessVisualization manages the token user's own, and only those. */
class OwnershipTest {
    private static final String OWNER = "ada@example.com";
    private static TestServer server;
    private static String viewer;
    private static String userless;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.create("roles", "role", "{\"name\":\"viewers\",\"permissions\":[{\"name\":\"AccessVisualization\"}]}");
        Examples.createReferencedDocuments(server); // user ada, who has the role viewers, and the data cube
        server.create("users", "user", "{\"name\":\"bob@example.com\"}");
        viewer = server.tokenService().create(new TokenRequest("ada-viewer", "viewers", OWNER, "test", null));
        userless = server.tokenService().create(new TokenRequest("nobody-viewer", "viewers", null, "test", null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alerts", "reports"})
    void a_viewer_creates_updates_and_deletes_its_own(String resource) {
        Kind kind = Kinds.STANDARD.byResource(resource).orElseThrow();
        ObjectNode mine = Examples.of(kind, "own-" + resource);
        assertThat(as(viewer).body(wrap(kind, mine)).post("/api/v1/" + resource).statusCode()).isEqualTo(200);
        assertThat(as(viewer).body(wrap(kind, mine.put("title", "Renamed"))).put("/api/v1/" + resource + "/own-" + resource)
                .statusCode()).isEqualTo(200);
        assertThat(as(viewer).delete("/api/v1/" + resource + "/own-" + resource).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alerts", "reports"})
    void a_viewer_cannot_create_one_for_someone_else(String resource) {
        Kind kind = Kinds.STANDARD.byResource(resource).orElseThrow();
        ObjectNode theirs = Examples.of(kind, "for-bob-" + resource).put("owner", "bob@example.com");
        var response = as(viewer).body(wrap(kind, theirs)).post("/api/v1/" + resource);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.asString()).contains("Manage").contains(OWNER);
        assertThat(server.api().get("/api/v1/" + resource + "/for-bob-" + resource).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alerts", "reports"})
    void a_viewer_cannot_give_its_own_away_nor_touch_others(String resource) {
        Kind kind = Kinds.STANDARD.byResource(resource).orElseThrow();
        String path = "/api/v1/" + resource + "/";
        server.create(resource, kind.singular(), Examples.of(kind, "ada-" + resource).toString());
        server.create(resource, kind.singular(), Examples.of(kind, "bob-" + resource).put("owner", "bob@example.com").toString());
        String before = server.api().get(path + "ada-" + resource).asString();

        ObjectNode givenAway = Examples.of(kind, "ada-" + resource).put("owner", "bob@example.com");
        assertThat(as(viewer).body(wrap(kind, givenAway)).put(path + "ada-" + resource).statusCode()).isEqualTo(403);
        assertThat(as(viewer).body("{\"" + kind.singular() + "\":{\"owner\":\"bob@example.com\"}}")
                .patch(path + "ada-" + resource).statusCode()).isEqualTo(403);
        assertThat(server.api().get(path + "ada-" + resource).asString()).isEqualTo(before);

        ObjectNode takenOver = Examples.of(kind, "bob-" + resource);
        assertThat(as(viewer).body(wrap(kind, takenOver)).put(path + "bob-" + resource).statusCode()).isEqualTo(403);
        assertThat(as(viewer).delete(path + "bob-" + resource).statusCode()).isEqualTo(403);
        assertThat(server.api().get(path + "bob-" + resource).asString()).contains("bob@example.com");
        assertThat(as(viewer).get(path + "bob-" + resource).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alerts", "reports"})
    void a_viewer_token_of_no_user_owns_nothing(String resource) {
        Kind kind = Kinds.STANDARD.byResource(resource).orElseThrow();
        var response = as(userless).body(wrap(kind, Examples.of(kind, "orphan-" + resource))).post("/api/v1/" + resource);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.asString()).contains("belongs to no user");
        assertThat(as(userless).get("/api/v1/" + resource).statusCode()).isEqualTo(200);
    }

    private static String wrap(Kind kind, ObjectNode document) {
        return "{\"" + kind.singular() + "\":" + document + "}";
    }

    private static RequestSpecification as(String token) {
        return server.anonymous().header("x-imply-api-token", token);
    }
}
