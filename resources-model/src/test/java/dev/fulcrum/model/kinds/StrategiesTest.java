package dev.fulcrum.model.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.FieldError;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind's strategy through its own API, without a server: the defaults it fills in, every validation rule
 * (the same breaking examples as the app's ValidationTest, which sees them as 400s), references and passwords.
 * Fast enough to be what PIT runs against ({@code .ci/mutation model}).
 */
class StrategiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** What the engine runs before it stores a document: defaults, then validation. */
    static List<FieldError> problemsOf(Kind kind, ObjectNode document) {
        kind.strategy().applyDefaults(document);
        Problems problems = new Problems(kind.singular());
        kind.strategy().validate(document, problems);
        try {
            problems.throwIfAny();
            return List.of();
        } catch (InvalidException e) {
            return e.details();
        }
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
                // a user-auth without currentPass.pass is refused by the engine, which knows whether one is stored
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
    void every_rule_names_the_field_it_breaks(Kind kind, String document, String path, String message) {
        List<FieldError> problems = problemsOf(kind, json(document));
        assertThat(problems).as(problems.toString()).anySatisfy(problem -> {
            assertThat(problem.path()).isEqualTo(path);
            assertThat(problem.message()).contains(message);
        });
    }

    static Stream<Arguments> validDocuments() {
        return Stream.of(
                Arguments.of(Kinds.ALERTS, "{\"name\":\"spike\",\"owner\":\"ada@example.com\",\"title\":\"Spike\",\"dataCube\":\"wiki_edits\","
                        + "\"checkFrequency\":\"PT1M\",\"type\":\"overall\",\"timeFrame\":\"P1D\",\"conditions\":[{\"type\":\"value\","
                        + "\"measure\":\"count\",\"condition\":\"greaterThan\",\"value\":\"10\"}],\"compare\":{\"duration\":\"P1W\"},"
                        + "\"recipients\":{\"users\":[\"a@example.com\"]},\"sendEmailToRecipients\":true,\"webhooks\":[]}"),
                Arguments.of(Kinds.CONNECTIONS, "{\"name\":\"druid-main\",\"type\":\"druid\",\"queryHosts\":[\"broker.example.com:8082\","
                        + "\"[::1]:8082\",\"h\"],\"title\":\"Main cluster\",\"timeout\":40000,\"protocol\":\"plain\"}"),
                Arguments.of(Kinds.DASHBOARDS, "{\"name\":\"overview\",\"title\":\"Overview\",\"pages\":[{\"name\":\"p1\",\"label\":\"Main\","
                        + "\"tiles\":[{\"facetEssence\":{\"dataCube\":\"wiki_edits\"}}]}]}"),
                Arguments.of(Kinds.DATA_CUBES, "{\"name\":\"wiki_edits\",\"title\":\"Wiki Edits\",\"connectionName\":\"druid-main\","
                        + "\"source\":\"wikipedia\",\"dimensions\":[{\"name\":\"page\"}],\"measures\":[{\"name\":\"added\"}]}"),
                Arguments.of(Kinds.DATA_CUBES, "{\"name\":\"n\",\"source\":{\"value\":\"w\",\"connectionName\":\"c\",\"type\":\"druid\"},"
                        + "\"connectionName\":\"c\"}"),
                Arguments.of(Kinds.REPORTS, "{\"name\":\"weekly\",\"owner\":\"ada@example.com\",\"title\":\"Weekly\",\"delivery\":"
                        + "{\"frequency\":\"P1W\",\"dayType\":\"of-week\",\"day\":1,\"time\":8},\"essence\":{\"dataCube\":\"wiki_edits\"},"
                        + "\"externalEmails\":[\"ok@example.com\"],\"admins\":{\"users\":[\"a\"]}}"),
                Arguments.of(Kinds.ROLES, "{\"name\":\"viewers\",\"title\":\"Viewers\",\"permissions\":[{\"name\":\"AccessVisualization\"}],"
                        + "\"filterTokens\":[\"t\"]}"),
                Arguments.of(Kinds.USER_AUTHS, "{\"name\":\"ada@example.com\",\"type\":\"native\",\"currentPass\":"
                        + "{\"pass\":\"correct horse battery\",\"hashStrategy\":\"none\"}}"),
                Arguments.of(Kinds.USER_STATUSES, "{\"name\":\"ada@example.com\",\"disabled\":\"2024-01-31T12:00:00Z\"}"),
                Arguments.of(Kinds.USERS, "{\"name\":\"ada@example.com\",\"email\":\"ada@example.com\",\"firstName\":\"Ada\","
                        + "\"lastName\":\"Lovelace\",\"colorMode\":\"default\",\"status\":\"new\",\"roles\":[\"viewers\"]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validDocuments")
    void a_valid_document_of_every_kind_has_no_problem(Kind kind, String document) {
        assertThat(problemsOf(kind, json(document))).isEmpty();
    }

    @Test
    void every_problem_of_a_document_is_reported_at_once_each_with_its_path() {
        List<FieldError> problems = problemsOf(Kinds.DATA_CUBES, json("{\"name\":\"many\",\"source\":1,"
                + "\"dimensions\":[{\"name\":\"a\",\"type\":\"X\"},{\"formula\":2}],\"enforceTimeFilter\":\"no\"}"));
        assertThat(problems).extracting(FieldError::path).contains("dataCube.source", "dataCube.connectionName",
                "dataCube.dimensions[0].type", "dataCube.dimensions[1].name", "dataCube.dimensions[1].formula",
                "dataCube.enforceTimeFilter");
        assertThatThrownBy(() -> {
            Problems two = new Problems("x");
            two.add("a", "is bad");
            two.add("[1]", "is worse");
            two.throwIfAny();
        }).isInstanceOfSatisfying(InvalidException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("Invalid x: x.a: is bad (and 1 more)");
            assertThat(e.details()).extracting(FieldError::path).containsExactly("x.a", "x[1]");
        });
        Problems empty = new Problems("x");
        empty.throwIfAny();
    }

    @Test
    void a_data_cube_gets_titles_formulas_and_types_in_pivots_order() {
        ObjectNode cube = json("{\"name\":\"c\",\"connectionName\":\"k\",\"source\":\"t\",\"dimensions\":[{\"name\":\"page_name\"},"
                + "{\"name\":\"1st-col\",\"type\":\"TIME\"},{\"title\":\"no name\"}],\"measures\":[{\"name\":\"added\"},{\"name\":\"a b\"}]}");
        Kinds.DATA_CUBES.strategy().applyDefaults(cube);
        assertThat(cube.toString()).isEqualTo("{\"name\":\"c\",\"connectionName\":\"k\",\"source\":\"t\",\"dimensions\":["
                + "{\"name\":\"page_name\",\"title\":\"Page Name\",\"formula\":\"$page_name\",\"type\":\"STRING\"},"
                + "{\"name\":\"1st-col\",\"title\":\"1st Col\",\"formula\":\"${1st-col}\",\"type\":\"TIME\"},{\"title\":\"no name\"}],"
                + "\"measures\":[{\"name\":\"added\",\"title\":\"Added\",\"formula\":\"$main.sum($added)\"},"
                + "{\"name\":\"a b\",\"title\":\"A b\",\"formula\":\"$main.sum(${a b})\"}],"
                + "\"specialTimeDimension\":\"!NONE\",\"enforceTimeFilter\":false}");
        ObjectNode kept = json("{\"name\":\"c\",\"specialTimeDimension\":\"__time\",\"enforceTimeFilter\":true}");
        Kinds.DATA_CUBES.strategy().applyDefaults(kept);
        assertThat(kept.toString()).isEqualTo("{\"name\":\"c\",\"specialTimeDimension\":\"__time\",\"enforceTimeFilter\":true}");
        assertThat(problemsOf(Kinds.DATA_CUBES, json("{\"name\":\"c\",\"connectionName\":\"a\",\"source\":{\"value\":\"t\","
                + "\"connectionName\":\"b\"}}"))).extracting(FieldError::path).containsExactly("dataCube.connectionName");
    }

    @Test
    void connections_and_users_get_their_defaults_and_given_values_stay() {
        ObjectNode connection = json("{\"name\":\"k\",\"type\":\"druidsql\",\"queryHosts\":[\"h\"]}");
        Kinds.CONNECTIONS.strategy().applyDefaults(connection);
        assertThat(connection.path("title").asText()).isEqualTo("k");
        assertThat(connection.path("timeout").asInt()).isEqualTo(40000);
        assertThat(connection.path("protocol").asText()).isEqualTo("plain");
        ObjectNode given = json("{\"name\":\"k\",\"title\":\"T\",\"type\":\"druid\",\"timeout\":5}");
        Kinds.CONNECTIONS.strategy().applyDefaults(given);
        assertThat(given.path("title").asText()).isEqualTo("T");
        assertThat(given.path("timeout").asInt()).isEqualTo(5);

        ObjectNode user = json("{\"name\":\"u\"}");
        Kinds.USERS.strategy().applyDefaults(user);
        assertThat(user.path("status").asText()).isEqualTo("new");
    }

    @Test
    void references_name_the_documents_a_kind_points_at() {
        assertThat(Kinds.DATA_CUBES.strategy().references(json("{\"connectionName\":\"k\",\"source\":\"t\"}")))
                .containsExactly(new Reference("connections", "k", "connectionName"));
        assertThat(Kinds.DATA_CUBES.strategy().references(json("{\"source\":{\"value\":\"t\",\"connectionName\":\"k\"}}")))
                .containsExactly(new Reference("connections", "k", "source.connectionName"));
        assertThat(Kinds.DATA_CUBES.strategy().filterValue(json("{\"source\":{\"value\":\"t\",\"connectionName\":\"k\"}}"), "source"))
                .isEqualTo("t");
        assertThat(Kinds.DATA_CUBES.strategy().filterValue(json("{\"source\":{\"value\":\"t\",\"connectionName\":\"k\"}}"),
                "connectionName")).isEqualTo("k");
        assertThat(Kinds.DATA_CUBES.strategy().filterValue(json("{\"source\":\"t\"}"), "source")).isEqualTo("t");
        assertThat(Kinds.USER_STATUSES.strategy().references(json("{\"name\":\"u\"}"))).extracting(Reference::resource)
                .containsExactly("users");
        for (Kind kind : Kinds.all()) {
            for (Reference reference : kind.strategy().references(referencing(kind))) {
                assertThat(kind.strategy().referencedResources()).as(kind.resource()).contains(reference.resource());
            }
        }
    }

    private static ObjectNode referencing(Kind kind) {
        return validDocuments().filter(arguments -> arguments.get()[0] == kind).findFirst()
                .map(arguments -> json((String) arguments.get()[1])).orElseGet(() -> json("{\"name\":\"x\"}"));
    }

    @Test
    void kinds_come_in_an_order_where_each_follows_what_it_references() {
        List<String> order = Kinds.STANDARD.inDependencyOrder().stream().map(Kind::resource).toList();
        assertThat(order).hasSize(9).containsExactlyInAnyOrderElementsOf(Kinds.all().stream().map(Kind::resource).toList());
        for (Kind kind : Kinds.all()) {
            for (String target : kind.strategy().referencedResources()) {
                assertThat(order.indexOf(target)).as("%s after %s", kind.resource(), target).isLessThan(order.indexOf(kind.resource()));
            }
        }
        assertThat(Kinds.STANDARD.byResource("data-cubes")).contains(Kinds.DATA_CUBES);
        assertThat(Kinds.STANDARD.byResource("cubes")).isEmpty();
    }

    @Test
    void a_user_status_disables_from_its_time_on() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(UserStatusStrategy.disables(json("{\"disabled\":\"2025-12-31T23:59:59Z\"}"), now)).isTrue();
        assertThat(UserStatusStrategy.disables(json("{\"disabled\":\"2026-01-01T00:00:00Z\"}"), now)).isTrue();
        assertThat(UserStatusStrategy.disables(json("{\"disabled\":\"2026-01-01T00:00:01Z\"}"), now)).isFalse();
        assertThat(UserStatusStrategy.disables(json("{}"), now)).isFalse();
    }

    @Test
    void every_kind_describes_what_it_checks_as_a_schema() {
        for (Kind kind : Kinds.all()) {
            ObjectNode schema = json("{}");
            kind.strategy().validate(json("{}"), Problems.recordingSchemaInto(schema));
            assertThat(schema.toString()).as(kind.resource()).contains("\"properties\"");
        }
        ObjectNode cube = json("{}");
        Kinds.DATA_CUBES.strategy().validate(json("{}"), Problems.recordingSchemaInto(cube));
        assertThat(cube.path("properties").path("source").path("oneOf")).hasSize(2);
        assertThat(cube.path("properties").path("enforceTimeFilter").path("type").asText()).isEqualTo("boolean");
        assertThat(cube.path("properties").path("dimensions").path("type").asText()).isEqualTo("array");
    }
}
