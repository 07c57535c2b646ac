package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.model.Kind;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
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
        JsonNode first = create(kind, name);
        ok(server().api().body(Examples.wrap(kind, example(kind, name).put("title", "Second"))).put(url));
        ok(server().api().body("{\"" + kind.singular() + "\":{\"title\":\"Third\"}}").patch(url));
        ok(server().api().delete(url));

        Response history = ok(server().api().get(url + "/history"));
        assertThat(history.jsonPath().getList("history.version", Integer.class)).containsExactly(4, 3, 2, 1);
        assertThat(history.jsonPath().getList("history.change")).containsExactly("delete", "update", "update", "create");
        assertThat(history.jsonPath().getList("history." + kind.singular() + ".title"))
                .containsExactly("Third", "Third", "Second", first.path("title").asText(null));
        assertThat(history.jsonPath().getList("history.changedBy.token")).containsOnly("test");

        Response restored = ok(server().api().post(url + "/history/1/restore"));
        assertThat(restored.jsonPath().getString("message")).isEqualTo("Restored version 1 as version 5");
        assertThat(restored.header("ETag")).isEqualTo("\"5\"");
        JsonNode current = Jsons.parse(ok(server().api().get(url)).asString()).get(kind.singular());
        JsonNode versionOne = Jsons.parse(ok(server().api().get(url + "/history/1")).asString()).get(kind.singular());
        assertThat(current).isEqualTo(versionOne);
        assertThat(current).isEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void each_write_is_audited_with_the_kind_and_the_name(Kind kind) {
        String name = name(kind, "audited");
        String url = path(kind, name);
        create(kind, name);
        ok(server().api().body(Examples.wrap(kind, example(kind, name).put("title", "Second"))).post(url));
        ok(server().api().body("{\"" + kind.singular() + "\":{\"title\":\"Third\"}}").patch(url));
        ok(server().api().delete(url));

        Response audit = ok(server().api().get("/api/v1/audit?resource=" + kind.resource() + "&name=" + name));
        List<String> entries = new ArrayList<>();
        Jsons.parse(audit.asString()).get("audit").forEach(entry -> entries.add(entry.get("method").asText() + " "
                + entry.get("path").asText() + " " + entry.get("status").asInt()));
        assertThat(entries).containsExactly("DELETE " + url + " 200", "PATCH " + url + " 200", "POST " + url + " 200",
                "POST " + path(kind) + " 200");
        assertThat(audit.jsonPath().getList("audit.resource")).containsOnly(kind.resource());
        assertThat(audit.jsonPath().getList("audit.name")).containsOnly(name);
        assertThat(audit.jsonPath().getList("audit[3].changedFields", String.class)).contains("name");
    }

    private static Response ok(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response;
    }
}
