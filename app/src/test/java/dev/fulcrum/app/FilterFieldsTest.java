package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every filterable field of the README's table ("Paging and filtering") keeps exactly the documents with that value.
 * Each resource holds two documents, "match" and "other", that differ in the filtered field only.
 */
class FilterFieldsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Examples.createReferencedDocuments(server);
        server.create("data-cubes", "dataCube", "{\"name\":\"cube-b\",\"connectionName\":\"druid-main\",\"source\":\"b\"}");
        server.create("users", "user", "{\"name\":\"filter-a@example.com\",\"status\":\"active\",\"email\":\"a@example.com\",\"colorMode\":\"dark\"}");
        server.create("users", "user", "{\"name\":\"filter-b@example.com\",\"status\":\"new\",\"email\":\"b@example.com\",\"colorMode\":\"light\"}");
        for (String user : List.of("filter-a@example.com", "filter-b@example.com")) {
            server.create("user-auths", "userAuth", "{\"name\":\"" + user + "\",\"type\":\"" + (user.startsWith("filter-a") ? "native" : "oidc")
                    + "\",\"currentPass\":{\"pass\":\"long enough password\",\"hashStrategy\":\"none\"}}");
        }
        server.create("roles", "role", "{\"name\":\"role-a\",\"title\":\"Alpha\"}");
        server.create("roles", "role", "{\"name\":\"role-b\",\"title\":\"Beta\"}");
        server.create("connections", "connection", "{\"name\":\"conn-a\",\"type\":\"druidsql\",\"queryHosts\":[\"h\"],\"protocol\":\"tls\",\"version\":\"31\"}");
        server.create("connections", "connection", "{\"name\":\"conn-b\",\"type\":\"druid\",\"queryHosts\":[\"h\"],\"protocol\":\"plain\",\"version\":\"30\"}");
        server.create("data-cubes", "dataCube", "{\"name\":\"cube-a\",\"source\":{\"value\":\"a\",\"connectionName\":\"conn-a\"}}");
        server.create("dashboards", "dashboard", "{\"name\":\"board-a\",\"title\":\"Alpha\"}");
        server.create("dashboards", "dashboard", "{\"name\":\"board-b\",\"title\":\"Beta\"}");
        server.create("alerts", "alert", "{\"name\":\"alert-a\",\"owner\":\"owner-a\",\"dataCube\":\"cube-a\",\"type\":\"overall\"}");
        server.create("alerts", "alert", "{\"name\":\"alert-b\",\"owner\":\"owner-b\",\"dataCube\":\"cube-b\",\"type\":\"within-split\"}");
        server.create("reports", "report", "{\"name\":\"report-a\",\"owner\":\"owner-a\",\"essence\":{\"dataCube\":\"cube-a\"}}");
        server.create("reports", "report", "{\"name\":\"report-b\",\"owner\":\"owner-b\",\"essence\":{\"dataCube\":\"cube-b\"}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}?{1}={2}")
    @CsvSource({
        "users, status, active, users, filter-a@example.com",
        "users, email, a@example.com, users, filter-a@example.com",
        "users, colorMode, dark, users, filter-a@example.com",
        "user-auths, type, native, userAuths, filter-a@example.com",
        "roles, title, Alpha, roles, role-a",
        "connections, type, druidsql, connections, conn-a",
        "connections, protocol, tls, connections, conn-a",
        "connections, version, 31, connections, conn-a",
        "data-cubes, connectionName, conn-a, dataCubes, cube-a",
        "data-cubes, source, a, dataCubes, cube-a",
        "dashboards, title, Alpha, dashboards, board-a",
        "alerts, owner, owner-a, alerts, alert-a",
        "alerts, dataCube, cube-a, alerts, alert-a",
        "alerts, type, overall, alerts, alert-a",
        "reports, owner, owner-a, reports, report-a",
        "reports, dataCube, cube-a, reports, report-a"})
    void each_filter_field_keeps_exactly_the_documents_with_that_value(String resource, String field, String value,
                                                                      String plural, String expected) {
        Response filtered = server.api().get("/api/v1/" + resource + "?" + field + "=" + value);
        assertThat(filtered.statusCode()).as(filtered.asString()).isEqualTo(200);
        assertThat(filtered.jsonPath().getList(plural + ".name")).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"user-statuses, disabled", "users, firstName", "dashboards, pages"})
    void a_field_that_is_not_filterable_is_a_400_saying_what_is(String resource, String field) {
        Response refused = server.api().get("/api/v1/" + resource + "?" + field + "=x");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("error")).isNotBlank();
    }
}
