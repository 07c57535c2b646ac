package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The changed fields of an audit entry are a list of names, whatever characters the names hold. */
class AuditChangedFieldsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<List<String>> changedFields(String name) {
        return changedFields("dashboards", name);
    }

    private static List<List<String>> changedFields(String resource, String name) {
        List<List<String>> all = new ArrayList<>();
        for (JsonNode entry : Jsons.parse(server.api().get("/api/v1/audit?resource=" + resource + "&name=" + name).asString())
                .path("audit")) {
            List<String> fields = new ArrayList<>();
            entry.path("changedFields").forEach(field -> fields.add(field.asText()));
            all.add(fields);
        }
        return all; // newest first
    }

    @Test
    void a_restore_lists_the_secrets_it_changes_not_every_secret_the_kind_could_have() {
        String connection = "{\"name\":\"restored-pg\",\"type\":\"postgres\",\"host\":\"db\",\"database\":\"d\","
                + "\"user\":\"u\",\"password\":\"%s\"}";
        server.create("connections", "connection", connection.formatted("first"));
        server.create("connections", "connection", connection.formatted("second"));
        assertThat(server.api().post("/api/v1/connections/restored-pg/history/1/restore").statusCode()).isEqualTo(200);
        assertThat(changedFields("connections", "restored-pg").get(0)).containsExactly("password");
        // a secret set now that the restored version did not have is cleared, and listed
        server.create("connections", "connection", "{\"name\":\"restored-pg\",\"type\":\"postgres\",\"host\":\"db\","
                + "\"database\":\"d\",\"user\":\"u\",\"password\":\"first\",\"sockPassword\":\"s\"}");
        assertThat(server.api().post("/api/v1/connections/restored-pg/history/1/restore").statusCode()).isEqualTo(200);
        assertThat(changedFields("connections", "restored-pg").get(0)).containsExactly("password", "sockPassword");
    }

    @Test
    void a_field_named_with_a_comma_is_one_changed_field() {
        server.create("dashboards", "dashboard", "{\"name\":\"commas\",\"title\":\"one\",\"layout,theme\":\"v\"}");
        server.create("dashboards", "dashboard", "{\"name\":\"commas\",\"title\":\"two\",\"layout,theme\":\"v\"}");
        List<List<String>> entries = changedFields("commas");
        assertThat(entries.get(0)).containsExactly("title");
        assertThat(entries.get(1)).contains("layout,theme", "title").doesNotContain("layout", "theme");
    }

    @Test
    void field_names_with_quotes_backslashes_and_brackets_come_back_as_they_were() {
        String odd = "a\\\"b\\\\c],[\\\"d";
        server.create("dashboards", "dashboard", "{\"name\":\"quotes\",\"" + odd + "\":1}");
        assertThat(changedFields("quotes").get(0)).contains("a\"b\\c],[\"d");
    }
}
