package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every problem of a body comes in one 400: the name's, then each field's in the order the kind checks them, then
 * each reference's (of fields that are themselves valid), on every way a document is written; nothing is stored.
 */
class AllProblemsAtOnceTest {
    private static final String BAD_EMAIL = "must be an e-mail address";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Examples.createReferencedDocuments(server); // druid-main, wiki_edits, the role viewers, ada@example.com
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Asserts a 400 whose details are exactly {@code paths}, in that order, and answers it. */
    private static Response refusedWith(Response response, String... paths) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.jsonPath().getList("details.path", String.class)).as(response.asString())
                .containsExactly(paths);
        return response;
    }

    private static String message(Response response, int index) {
        return response.jsonPath().getString("details[" + index + "].message");
    }

    private static String list(String resource) {
        return server.api().get("/api/v1/" + resource).asString();
    }

    /** The README's example ("What each kind checks"): its request, replayed, answers its response byte for byte. */
    @Test
    void the_readme_example_answers_as_shown() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
        String section = readme.substring(readme.indexOf("A user with a wrong name, a wrong e-mail address"));
        String request = section.substring(section.indexOf("--data '") + "--data '".length());
        request = request.substring(0, request.indexOf("'\n"));
        String shown = section.substring(section.indexOf("```json\n") + "```json\n".length());
        shown = shown.substring(0, shown.indexOf("```"));
        String before = list("users");
        String id = section.substring(section.indexOf("X-Request-Id: ") + "X-Request-Id: ".length());
        id = id.substring(0, id.indexOf('"'));
        Response response = server.api().header("X-Request-Id", id).body(request).post("/api/v1/users?pretty");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.asString().strip()).isEqualTo(shown.strip());
        assertThat(list("users")).isEqualTo(before);
    }

    @Test
    void a_user_with_a_bad_email_and_an_unknown_role_gets_both_problems() {
        String before = list("users");
        Response response = refusedWith(server.api().body("{\"user\":{\"name\":\"both\",\"email\":\"not-an-address\","
                + "\"roles\":[\"viewers\",\"ghost\"]}}").post("/api/v1/users"), "user.email", "user.roles[1]");
        assertThat(message(response, 0)).contains(BAD_EMAIL);
        assertThat(message(response, 1)).isEqualTo("refers to roles 'ghost', which does not exist");
        assertThat(response.jsonPath().getString("error")).startsWith("Invalid user: user.email: ").endsWith("(and 1 more)");
        assertThat(list("users")).isEqualTo(before);
    }

    @Test
    void the_name_comes_first_then_the_fields_then_the_references() {
        String before = list("users");
        Response response = refusedWith(server.api().body("{\"user\":{\"name\":\"no spaces\",\"email\":\"nope\","
                + "\"firstName\":7,\"roles\":[\"ghost\"]}}").post("/api/v1/users"),
                "user.name", "user.email", "user.firstName", "user.roles[0]");
        assertThat(message(response, 0)).startsWith("is not a valid name");
        assertThat(message(response, 3)).isEqualTo("refers to roles 'ghost', which does not exist");
        assertThat(list("users")).isEqualTo(before);
    }

    @Test
    void a_reference_in_a_field_that_is_itself_invalid_is_not_checked() {
        refusedWith(server.api().body("{\"user\":{\"name\":\"mixed\",\"roles\":[1,\"ghost\"]}}").post("/api/v1/users"),
                "user.roles[0]", "user.roles[1]");
    }

    @Test
    void a_data_cube_with_bad_fields_and_an_unknown_connection_gets_all_of_them() {
        String before = list("data-cubes");
        Response response = refusedWith(server.api().body("{\"dataCube\":{\"name\":\"cube-all\",\"connectionName\":\"nowhere\","
                + "\"source\":\"wikipedia\",\"enforceTimeFilter\":\"yes\",\"dimensions\":[{\"name\":\"a\",\"type\":\"DATE\"}]}}")
                .post("/api/v1/data-cubes"), "dataCube.enforceTimeFilter", "dataCube.dimensions[0].type", "dataCube.connectionName");
        assertThat(message(response, 2)).isEqualTo("refers to connections 'nowhere', which does not exist");
        assertThat(list("data-cubes")).isEqualTo(before);
    }

    @Test
    void a_connection_of_an_unknown_type_still_has_its_name_and_common_fields_checked() {
        String before = list("connections");
        Response response = refusedWith(server.api().body("{\"connection\":{\"name\":\".hidden\",\"type\":\"oracle\","
                + "\"title\":5}}").post("/api/v1/connections"), "connection.name", "connection.type", "connection.title");
        assertThat(message(response, 1)).contains("must be one of");
        assertThat(message(response, 2)).isEqualTo("must be a string");
        assertThat(list("connections")).isEqualTo(before);
    }

    @Test
    void an_update_by_name_reports_every_problem_and_keeps_the_stored_document() {
        server.create("users", "user", "{\"name\":\"kept\",\"email\":\"kept@example.com\"}");
        String before = server.api().get("/api/v1/users/kept").asString();
        for (String method : List.of("PUT", "POST")) {
            refusedWith(server.api().body("{\"user\":{\"email\":\"nope\",\"roles\":[\"ghost\"]}}")
                    .request(method, "/api/v1/users/kept"), "user.email", "user.roles[0]");
        }
        assertThat(server.api().get("/api/v1/users/kept").asString()).isEqualTo(before);
    }

    @Test
    void a_name_in_the_url_that_is_invalid_is_reported_with_the_fields() {
        Response response = refusedWith(server.api().body("{\"user\":{\"email\":\"nope\"}}").put("/api/v1/users/a!b"),
                "user.name", "user.email");
        assertThat(message(response, 0)).startsWith("'a!b' in the URL is not a valid name");
    }

    @Test
    void a_single_problem_is_told_as_it_always_was() {
        Response alone = server.api().body("{\"user\":{\"email\":\"ok@example.com\"}}").put("/api/v1/users/a!b");
        assertThat(alone.statusCode()).isEqualTo(400);
        assertThat(alone.jsonPath().getString("error")).startsWith("invalid user name 'a!b': a name is");
        assertThat(alone.jsonPath().getList("details")).isNull();
        Response reference = server.api().body("{\"user\":{\"name\":\"one\",\"roles\":[\"ghost\"]}}").post("/api/v1/users");
        assertThat(Jsons.errorWithoutRequestId(reference)).isEqualTo("{\"error\":\"Invalid user: user.roles[0]: refers to roles 'ghost', which"
                + " does not exist\",\"details\":[{\"path\":\"user.roles[0]\",\"message\":\"refers to roles 'ghost', which does"
                + " not exist\"}]}");
    }

    @Test
    void a_patch_reports_every_problem_of_the_merged_document() {
        server.create("users", "user", "{\"name\":\"patched\",\"email\":\"patched@example.com\",\"roles\":[\"viewers\"]}");
        String before = server.api().get("/api/v1/users/patched").asString();
        refusedWith(server.api().body("{\"user\":{\"email\":\"nope\",\"roles\":[\"viewers\",\"ghost\"]}}")
                .patch("/api/v1/users/patched"), "user.email", "user.roles[1]");
        assertThat(server.api().get("/api/v1/users/patched").asString()).isEqualTo(before);
    }

    @Test
    void a_dry_run_reports_every_problem() {
        refusedWith(server.api().body("{\"dataCube\":{\"name\":\"dry-cube\",\"connectionName\":\"nowhere\",\"source\":7}}")
                .post("/api/v1/data-cubes?dryRun=true"), "dataCube.source", "dataCube.connectionName");
    }

    @Test
    void an_import_reports_every_problem_of_each_document_and_sees_what_it_creates_first() {
        String users = list("users");
        String roles = list("roles");
        Response response = refusedWith(server.api().body("{\"fulcrumBundle\":1,\"resources\":{"
                        + "\"roles\":[{\"name\":\"imported-role\"}],"
                        + "\"users\":[{\"name\":\"imported\",\"email\":\"nope\",\"roles\":[\"imported-role\",\"ghost\"]}],"
                        + "\"connections\":[{\"name\":\"imported-conn\",\"type\":\"oracle\",\"title\":[]}]}}")
                .post("/api/v1/import"), // in the order the import takes them: each kind after what it references
                "resources.users[0].email", "resources.users[0].roles[1]",
                "resources.connections[0].type", "resources.connections[0].title");
        assertThat(message(response, 1)).isEqualTo("refers to roles 'ghost', which does not exist");
        assertThat(list("users")).isEqualTo(users);
        assertThat(list("roles")).isEqualTo(roles);
    }
}
