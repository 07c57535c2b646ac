package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.model.Kind;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every write of every kind adds a version to its history, which a restore brings back, and is audited. */
abstract class HistoryAuditConformance extends KindConformance {

    @Override
    String prefix() {
        return "history";
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void each_write_adds_a_version_and_a_restore_brings_one_back_as_a_new_version(Kind kind) {
        String name = name(kind, "versions");
        String url = path(kind, name);
        JsonNode first = createReplaceAndPatch(kind, name, "PUT").get(0);
        ok(server().api().delete(url));

        List<JsonNode> history = new ArrayList<>();
        ok(server().api().get(url + "/history")).get("history").forEach(history::add);
        assertThat(history).extracting(each(version -> version.get("version").asInt() + " " + version.get("change").asText()
                        + " " + version.path(kind.singular()).path("title").asText("-")
                        + " " + version.at("/changedBy/token").asText()))
                .containsExactly("4 delete Third test", "3 update Third test", "2 update Second test",
                        "1 create " + first.path("title").asText("-") + " test");

        Response restored = server().api().post(url + "/history/1/restore");
        assertThat(ok(restored).get("message").asText()).isEqualTo("Restored version 1 as version 5");
        assertThat(restored.header("ETag")).isEqualTo("\"5\"");
        JsonNode current = ok(server().api().get(url)).get(kind.singular());
        assertThat(current).isEqualTo(ok(server().api().get(url + "/history/1")).get(kind.singular()));
        assertThat(current).isEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void each_write_is_audited_with_the_kind_and_the_name(Kind kind) {
        String name = name(kind, "audited");
        String url = path(kind, name);
        createReplaceAndPatch(kind, name, "POST");
        ok(server().api().delete(url));

        List<JsonNode> audit = new ArrayList<>();
        ok(server().api().get("/api/v1/audit?resource=" + kind.resource() + "&name=" + name)).get("audit").forEach(audit::add);
        assertThat(audit).extracting(each(entry -> entry.get("method").asText() + " " + entry.get("path").asText() + " "
                        + entry.get("status").asInt() + " " + entry.get("resource").asText() + " " + entry.get("name").asText()))
                .containsExactly("DELETE " + url + " 200 " + kind.resource() + " " + name,
                        "PATCH " + url + " 200 " + kind.resource() + " " + name,
                        "POST " + url + " 200 " + kind.resource() + " " + name,
                        "POST " + path(kind) + " 200 " + kind.resource() + " " + name);
        assertThat(audit.get(3).get("changedFields").toString()).contains("\"name\"");
        assertThat(audit.get(1).get("changedFields").toString()).contains("\"title\"");
    }

    /** The same function, typed for AssertJ's {@code extracting}. */
    private static Function<JsonNode, String> each(Function<JsonNode, String> line) {
        return line;
    }
}
