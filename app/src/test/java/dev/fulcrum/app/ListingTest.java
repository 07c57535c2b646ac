package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paging (?page=&per_page=) and filtering (?field=value) of every list. */
class ListingTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (int i = 0; i < 25; i++) {
            String type = i % 3 == 0 ? "druidsql" : "druid";
            server.create("connections", "connection", String.format(
                    "{\"name\":\"conn-%02d\",\"type\":\"%s\",\"queryHosts\":[\"h%d\"]}", i, type, i));
        }
        server.create("data-cubes", "dataCube", "{\"name\":\"flat\",\"connectionName\":\"conn-01\",\"source\":\"wiki\"}");
        server.create("data-cubes", "dataCube",
                "{\"name\":\"nested\",\"source\":{\"value\":\"wiki\",\"connectionName\":\"conn-01\",\"type\":\"druid\"}}");
        server.create("data-cubes", "dataCube", "{\"name\":\"other\",\"connectionName\":\"conn-02\",\"source\":\"edits\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> names(Response response, String plural) {
        return response.jsonPath().getList(plural + ".name");
    }

    @Test
    void without_parameters_everything_comes_back_with_no_paging_fields() {
        Response all = server.api().get("/api/v1/connections");
        assertThat(names(all, "connections")).hasSize(25);
        assertThat(Jsons.parse(all.asString()).has("total")).isFalse();
    }

    @Test
    void pages_cover_everything_once_in_name_order_and_say_where_they_are() {
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            Response response = server.api().get("/api/v1/connections?page=" + page + "&per_page=10");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getInt("page")).isEqualTo(page);
            assertThat(response.jsonPath().getInt("perPage")).isEqualTo(10);
            assertThat(response.jsonPath().getInt("total")).isEqualTo(25);
            seen.addAll(names(response, "connections"));
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted();
        assertThat(names(server.api().get("/api/v1/connections?page=4&per_page=10"), "connections")).isEmpty();
        Response firstPage = server.api().get("/api/v1/connections?page=1");
        assertThat(firstPage.jsonPath().getInt("perPage")).isEqualTo(50);
        assertThat(Jsons.parse(server.api().get("/api/v1/connections?per_page=5").asString()).fieldNames())
                .toIterable().containsExactly("connections", "page", "perPage", "total");
    }

    @Test
    void keyset_pages_continue_after_a_name_to_the_end_and_combine_with_filters() {
        List<String> seen = new ArrayList<>();
        String after = "";
        int pages = 0;
        while (after != null) {
            Response response = server.api().get("/api/v1/connections?per_page=10&after=" + after);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.jsonPath().getInt("total")).isEqualTo(25);
            assertThat(Jsons.parse(response.asString()).fieldNames()).toIterable()
                    .containsExactly("connections", "perPage", "total", "nextAfter");
            seen.addAll(names(response, "connections"));
            after = response.jsonPath().getString("nextAfter");
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        // an exact multiple: the last full page already says there is no next one
        Response lastFull = server.api().get("/api/v1/connections?per_page=5&after=" + seen.get(19));
        assertThat(names(lastFull, "connections")).hasSize(5);
        assertThat(lastFull.jsonPath().getString("nextAfter")).isNull();
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().isSorted()
                .isEqualTo(names(server.api().get("/api/v1/connections"), "connections"));
        Response filtered = server.api().get("/api/v1/connections?type=druidsql&per_page=2&after=" + seen.get(0));
        assertThat(filtered.jsonPath().getList("connections.type")).containsOnly("druidsql");
        Response both = server.api().get("/api/v1/connections?page=2&after=x");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.jsonPath().getString("error")).contains("'page' or 'after'");
    }

    @Test
    void names_sort_by_their_bytes_on_every_database() {
        for (String name : List.of("order-a", "order-B", "order-_x", "order-1")) {
            server.create("roles", "role", "{\"name\":\"" + name + "\"}");
        }
        assertThat(names(server.api().get("/api/v1/roles?per_page=10&after=order-"), "roles"))
                .startsWith("order-1", "order-B", "order-_x", "order-a");
    }

    @Test
    void a_total_counts_this_servers_own_writes_at_once() {
        int before = server.api().get("/api/v1/roles?per_page=1").jsonPath().getInt("total");
        server.create("roles", "role", "{\"name\":\"counted-at-once\"}");
        assertThat(server.api().get("/api/v1/roles?per_page=1").jsonPath().getInt("total")).isEqualTo(before + 1);
        server.api().delete("/api/v1/roles/counted-at-once");
        assertThat(server.api().get("/api/v1/roles?per_page=1").jsonPath().getInt("total")).isEqualTo(before);
    }

    @Test
    void connections_filter_by_type_in_the_database_and_combine_with_paging() {
        Response sql = server.api().get("/api/v1/connections?type=druidsql");
        assertThat(names(sql, "connections")).containsExactly("conn-00", "conn-03", "conn-06", "conn-09", "conn-12",
                "conn-15", "conn-18", "conn-21", "conn-24");
        Response paged = server.api().get("/api/v1/connections?type=druidsql&page=2&per_page=4");
        assertThat(names(paged, "connections")).containsExactly("conn-12", "conn-15", "conn-18", "conn-21");
        assertThat(paged.jsonPath().getInt("total")).isEqualTo(9);
        assertThat(names(server.api().get("/api/v1/connections?type=oracle"), "connections")).isEmpty();
    }

    @Test
    void data_cubes_of_both_shapes_filter_by_connection_and_source() {
        assertThat(names(server.api().get("/api/v1/data-cubes?connectionName=conn-01"), "dataCubes"))
                .containsExactly("flat", "nested");
        assertThat(names(server.api().get("/api/v1/data-cubes?source=wiki&connectionName=conn-01"), "dataCubes"))
                .containsExactly("flat", "nested");
        assertThat(names(server.api().get("/api/v1/data-cubes?source=edits"), "dataCubes")).containsExactly("other");
    }

    @Test
    void a_filter_follows_changes_to_the_document() {
        server.create("connections", "connection", "{\"name\":\"mover\",\"type\":\"druid\",\"queryHosts\":[\"h\"]}");
        assertThat(names(server.api().get("/api/v1/connections?type=druid"), "connections")).contains("mover");
        server.create("connections", "connection", "{\"name\":\"mover\",\"type\":\"druidsql\",\"queryHosts\":[\"h\"]}");
        assertThat(names(server.api().get("/api/v1/connections?type=druid"), "connections")).doesNotContain("mover");
        assertThat(names(server.api().get("/api/v1/connections?type=druidsql"), "connections")).contains("mover");
        server.api().delete("/api/v1/connections/mover");
        assertThat(names(server.api().get("/api/v1/connections?type=druidsql"), "connections")).doesNotContain("mover");
    }

    @ParameterizedTest
    @ValueSource(strings = {"page=0", "page=-1", "page=two", "per_page=0", "per_page=1001", "per_page=ten", "page=1.5",
            "page=99999999999"})
    void bad_paging_parameters_are_a_400(String query) {
        Response response = server.api().get("/api/v1/connections?" + query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("error")).contains("must be a whole number");
    }

    @Test
    void filtering_by_an_unknown_field_is_a_400_listing_the_fields_there_are() {
        Response response = server.api().get("/api/v1/connections?colour=blue");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("error")).contains("cannot filter connections by 'colour'", "type");
        assertThat(server.api().get("/api/v1/user-statuses?x=1").jsonPath().getString("error"))
                .contains("no filterable fields");
        assertThat(server.api().get("/api/v1/connections?type=druid&type=druidsql").statusCode()).isEqualTo(400);
    }

    @Test
    void documents_written_before_their_fields_were_indexed_are_indexed_at_start() {
        try (TestServer fresh = TestServer.start()) {
            fresh.create("connections", "connection", "{\"name\":\"old\",\"type\":\"druidsql\",\"queryHosts\":[\"h\"]}");
            fresh.forgetFilterIndexForTest();
            assertThat(names(fresh.api().get("/api/v1/connections?type=druidsql"), "connections")).isEmpty();
            fresh.restart();
            assertThat(names(fresh.api().get("/api/v1/connections?type=druidsql"), "connections")).containsExactly("old");
        }
    }
}
