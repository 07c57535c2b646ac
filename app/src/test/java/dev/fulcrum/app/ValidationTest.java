package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import io.restassured.response.Response;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule of every kind has an example that breaks it: a 400 naming the field, nothing stored. */
class ValidationTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Examples.createReferencedDocuments(server);
        server.create("users", "user", "{\"name\":\"v-user\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Arguments invalid(Kind kind, String document, String path, String message) {
        return Arguments.of(kind, document, kind.singular() + (path.isEmpty() ? "" : "." + path), message);
    }

    static Stream<Arguments> invalidDocuments() {
        String cube = "\"connectionName\":\"druid-main\",\"source\":\"wikipedia\"";
        String conn = "\"type\":\"druid\",\"queryHosts\":[\"h\"]";
        return Stream.of(
                invalid(Kinds.USERS, "{\"name\":\"v\",\"email\":\"not-an-address\"}", "email", "e-mail address"),
                invalid(Kinds.USERS, "{\"name\":\"v\",\"firstName\":7}", "firstName", "must be a string"),
                invalid(Kinds.USERS, "{\"name\":\"v\",\"roles\":\"viewers\"}", "roles", "must be an array"),
                invalid(Kinds.USERS, "{\"name\":\"v\",\"roles\":[1]}", "roles[0]", "must be a string"),
                invalid(Kinds.USERS, "{\"name\":\"v\",\"status\":false}", "status", "must be a string"),
                invalid(Kinds.USERS, "{\"name\":\"v\",\"lastName\":{}}", "lastName", "must be a string"),
                invalid(Kinds.USERS, "{\"name\":\"v\",\"colorMode\":1}", "colorMode", "must be a string"),
                invalid(Kinds.ROLES, "{\"name\":\"v\",\"title\":1}", "title", "must be a string"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"version\":30}", "version", "must be a string"),
                invalid(Kinds.DASHBOARDS, "{\"name\":\"v\",\"pages\":[{\"name\":1,\"label\":[]}]}", "pages[0].name", "must be a string"),
                invalid(Kinds.DASHBOARDS, "{\"name\":\"v\",\"pages\":[{\"label\":[]}]}", "pages[0].label", "must be a string"),
                invalid(Kinds.DASHBOARDS, "{\"name\":\"v\",\"pages\":[{\"tiles\":{}}]}", "pages[0].tiles", "must be an array"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"owner\":7}", "owner", "must be a string"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"conditions\":[{\"type\":\"value\",\"measure\":\"count\",\"condition\":\"greaterThan\",\"value\":\"lots\"}]}",
                        "conditions[0].value", "must be a number"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"checkFrequency\":\"-PT1M\"}", "checkFrequency", "ISO-8601 duration"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"webhooks\":{}}", "webhooks", "must be an array"),
                invalid(Kinds.REPORTS, "{\"name\":\"v\",\"essence\":{\"dataCube\":\"wiki_edits\"},\"owner\":[]}", "owner", "must be a string"),
                invalid(Kinds.REPORTS, "{\"name\":\"v\",\"essence\":{\"dataCube\":\"wiki_edits\"},\"admins\":{\"users\":[1]}}",
                        "admins.users[0]", "must be a string"),
                invalid(Kinds.USER_AUTHS, "{\"name\":\"v-user\",\"currentPass\":{\"pass\":\"short\",\"hashStrategy\":\"none\"}}",
                        "currentPass.pass", "at least 12 characters"),
                invalid(Kinds.USER_AUTHS, "{\"name\":\"v-user\",\"currentPass\":{\"pass\":\"long enough password\",\"hashStrategy\":\"bcrypt\"}}",
                        "currentPass.hashStrategy", "must be 'none'"),
                invalid(Kinds.USER_AUTHS, "{\"name\":\"v-user\"}", "currentPass.pass", "is required"),
                invalid(Kinds.USER_AUTHS, "{\"name\":\"v-user\",\"currentPass\":\"hunter2hunter2\"}", "currentPass", "must be an object"),
                invalid(Kinds.USER_AUTHS, "{\"name\":\"v-user\",\"passwordHash\":\"$argon2id$...\",\"currentPass\":{\"pass\":\"long enough password\"}}",
                        "passwordHash", "managed by the server"),
                invalid(Kinds.ROLES, "{\"name\":\"v\",\"permissions\":[{\"name\":\"RuleTheWorld\"}]}", "permissions[0].name", "must be one of"),
                invalid(Kinds.ROLES, "{\"name\":\"v\",\"permissions\":[\"ManageUsers\"]}", "permissions[0]", "must be an object"),
                invalid(Kinds.ROLES, "{\"name\":\"v\",\"permissions\":[{}]}", "permissions[0].name", "is required"),
                invalid(Kinds.ROLES, "{\"name\":\"v\",\"filterTokens\":{}}", "filterTokens", "must be an array"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\",\"queryHosts\":[\"h\"]}", "type", "is required"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\",\"type\":\"oracle\",\"queryHosts\":[\"h\"]}", "type", "must be one of"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\",\"type\":\"druid\"}", "queryHosts", "is required"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\",\"type\":\"druid\",\"queryHosts\":[]}", "queryHosts", "at least one host"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\",\"type\":\"druid\",\"queryHosts\":[\"h:99999\"]}", "queryHosts[0]", "host or host:port"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\",\"type\":\"druid\",\"queryHosts\":[\"http://h/\"]}", "queryHosts[0]", "host or host:port"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\"," + conn + ",\"timeout\":-1}", "timeout", "whole number"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\"," + conn + ",\"sqlTimeout\":\"30s\"}", "sqlTimeout", "whole number"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\"," + conn + ",\"protocol\":\"https\"}", "protocol", "must be one of"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\"," + conn + ",\"passphrase\":42}", "passphrase", "must be a string"),
                invalid(Kinds.CONNECTIONS, "{\"name\":\"v\"," + conn + ",\"decoratorOptions\":[1]}", "decoratorOptions", "string or an object"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\",\"source\":\"wikipedia\"}", "connectionName", "is required"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\",\"connectionName\":\"druid-main\"}", "source", "is required"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\",\"source\":{\"value\":\"wikipedia\"}}", "source.connectionName", "is required"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\"," + cube + ",\"dimensions\":[{\"title\":\"x\"}]}", "dimensions[0].name", "is required"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\"," + cube + ",\"dimensions\":[{\"name\":\"a\",\"type\":\"DATE\"}]}",
                        "dimensions[0].type", "must be one of"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\"," + cube + ",\"dimensions\":[{\"name\":\"a\"},{\"name\":\"a\"}]}",
                        "dimensions[1].name", "must be unique"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\"," + cube + ",\"dimensions\":[{\"name\":\"a\"}],\"measures\":[{\"name\":\"a\"}]}",
                        "measures[0].name", "must be unique"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\"," + cube + ",\"measures\":[{\"name\":\"m\",\"formula\":1}]}",
                        "measures[0].formula", "must be a string"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\"," + cube + ",\"enforceTimeFilter\":\"yes\"}", "enforceTimeFilter", "true or false"),
                invalid(Kinds.DATA_CUBES, "{\"name\":\"v\"," + cube + ",\"dimensions\":{}}", "dimensions", "must be an array"),
                invalid(Kinds.DASHBOARDS, "{\"name\":\"v\",\"pages\":{}}", "pages", "must be an array"),
                invalid(Kinds.DASHBOARDS, "{\"name\":\"v\",\"pages\":[{\"tiles\":[{\"facetEssence\":{\"dataCube\":5}}]}]}",
                        "pages[0].tiles[0].facetEssence.dataCube", "must be a string"),
                invalid(Kinds.DASHBOARDS, "{\"name\":\"v\",\"title\":[]}", "title", "must be a string"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\"}", "dataCube", "is required"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"checkFrequency\":\"every minute\"}",
                        "checkFrequency", "ISO-8601 duration"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"timeFrame\":\"1D\"}", "timeFrame", "ISO-8601 duration"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"type\":\"sometimes\"}", "type", "must be one of"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"conditions\":[{\"type\":\"value\",\"measure\":\"count\",\"condition\":\"greaterThan\"}]}",
                        "conditions[0].value", "is required"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"conditions\":[{\"measure\":\"count\",\"condition\":\"greaterThan\",\"value\":1}]}",
                        "conditions[0].type", "is required"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"recipients\":{\"users\":\"a@b.c\"}}",
                        "recipients.users", "must be an array"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"compare\":{\"duration\":\"yesterday\"}}",
                        "compare.duration", "ISO-8601 duration"),
                invalid(Kinds.ALERTS, "{\"name\":\"v\",\"dataCube\":\"wiki_edits\",\"sendEmailToRecipients\":1}",
                        "sendEmailToRecipients", "true or false"),
                invalid(Kinds.REPORTS, "{\"name\":\"v\"}", "essence", "is required"),
                invalid(Kinds.REPORTS, "{\"name\":\"v\",\"essence\":{}}", "essence.dataCube", "is required"),
                invalid(Kinds.REPORTS, "{\"name\":\"v\",\"essence\":{\"dataCube\":\"wiki_edits\"},\"delivery\":{\"time\":24}}",
                        "delivery.time", "from 0 to 23"),
                invalid(Kinds.REPORTS, "{\"name\":\"v\",\"essence\":{\"dataCube\":\"wiki_edits\"},\"delivery\":{\"dayType\":\"of-year\"}}",
                        "delivery.dayType", "must be one of"),
                invalid(Kinds.REPORTS, "{\"name\":\"v\",\"essence\":{\"dataCube\":\"wiki_edits\"},\"delivery\":{\"frequency\":\"daily\"}}",
                        "delivery.frequency", "ISO-8601 duration"),
                invalid(Kinds.REPORTS, "{\"name\":\"v\",\"essence\":{\"dataCube\":\"wiki_edits\"},\"externalEmails\":[\"ok@example.com\",\"nope\"]}",
                        "externalEmails[1]", "e-mail address"),
                invalid(Kinds.USER_STATUSES, "{\"name\":\"v-user\",\"disabled\":\"yesterday\"}", "disabled", "ISO-8601 time"),
                invalid(Kinds.USER_STATUSES, "{\"name\":\"v-user\",\"disabled\":true}", "disabled", "must be a string"));
    }

    @ParameterizedTest(name = "{0} {2}: {3}")
    @MethodSource("invalidDocuments")
    void an_invalid_document_is_a_400_naming_the_field_and_stores_nothing(Kind kind, String document, String path,
                                                                       String message) {
        String before = server.api().get("/api/v1/" + kind.resource()).asString();
        Response response = server.api().body("{\"" + kind.singular() + "\":" + document + "}").post("/api/v1/" + kind.resource());
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        List<String> paths = response.jsonPath().getList("details.path");
        assertThat(paths).as(response.asString()).contains(path);
        int at = paths.indexOf(path);
        assertThat(response.jsonPath().getString("details[" + at + "].message")).contains(message);
        assertThat(response.jsonPath().getString("error")).startsWith("Invalid " + kind.singular());
        assertThat(server.api().get("/api/v1/" + kind.resource()).asString()).isEqualTo(before);
    }

    @Test
    void every_problem_is_reported_at_once() {
        Response response = server.api().body("{\"dataCube\":{\"name\":\"many\",\"source\":1,"
                + "\"dimensions\":[{\"name\":\"a\",\"type\":\"X\"},{\"formula\":2}],\"enforceTimeFilter\":\"no\"}}")
                .post("/api/v1/data-cubes");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getList("details.path")).contains("dataCube.source", "dataCube.connectionName",
                "dataCube.dimensions[0].type", "dataCube.dimensions[1].name", "dataCube.dimensions[1].formula",
                "dataCube.enforceTimeFilter");
    }

    @Test
    void unknown_fields_are_kept_and_the_nested_data_cube_shape_is_accepted() {
        String cube = "{\"name\":\"nested-shape\",\"source\":{\"value\":\"wikipedia\",\"connectionName\":\"druid-main\","
                + "\"type\":\"druid\"},\"refreshRule\":{\"rule\":\"realtime\"},\"dimensions\":[{\"name\":\"__time\",\"type\":\"TIME\"}]}";
        Response created = server.api().body("{\"dataCube\":" + cube + "}").post("/api/v1/data-cubes");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        assertThat(created.jsonPath().getString("dataCube.refreshRule.rule")).isEqualTo("realtime");
        assertThat(created.jsonPath().getString("dataCube.dimensions[0].title")).isEqualTo("Time");
        assertThat(created.jsonPath().getString("dataCube.dimensions[0].type")).isEqualTo("TIME");
    }

    @Test
    void connections_get_their_defaults() {
        Response created = server.api().body("{\"connection\":{\"name\":\"defaults\",\"type\":\"druidsql\","
                + "\"queryHosts\":[\"broker:8082\",\"[::1]:8082\"]}}").post("/api/v1/connections");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
        assertThat(created.jsonPath().getString("connection.title")).isEqualTo("defaults");
        assertThat(created.jsonPath().getInt("connection.timeout")).isEqualTo(40000);
        assertThat(created.jsonPath().getString("connection.protocol")).isEqualTo("plain");
    }

    @Test
    void users_default_to_status_new() {
        Response created = server.api().body("{\"user\":{\"name\":\"fresh@example.com\"}}").post("/api/v1/users");
        assertThat(created.jsonPath().getString("user.status")).isEqualTo("new");
    }
}
