package dev.fulcrum.model.kinds;

import static dev.fulcrum.model.kinds.StrategiesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Reference;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The exact edges of the formats, and what each kind declares: its filterable fields, references and secrets. */
class BoundariesTest {

    @Test
    void an_address_has_1_to_64_characters_before_the_at_and_at_most_254_in_all() {
        String host = "@example.com";
        assertThat(Formats.isEmail("a".repeat(64) + host)).isTrue();
        assertThat(Formats.isEmail("a".repeat(65) + host)).isFalse();
        assertThat(Formats.isEmail(host)).isFalse();
        String longest = "a@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(60);
        assertThat(longest).hasSize(254);
        assertThat(Formats.isEmail(longest)).isTrue();
        assertThat(Formats.isEmail(longest + "e")).isFalse();
        assertThat(Formats.isEmail("a@" + "b".repeat(64) + ".com")).as("a label of 64").isFalse();
        assertThat(Formats.isEmail("a.b@example.com")).isTrue();
        assertThat(Formats.isEmail(".a@example.com")).isFalse();
        assertThat(Formats.isEmail("a.@example.com")).isFalse();
        assertThat(Formats.isEmail("a..b@example.com")).isFalse();
        assertThat(Formats.isEmail("AZaz09!#$%&'*+/=?^_`{|}~-@example.com")).isTrue();
        for (char c : new char[] {'@' - 1, '[', '`' + 0, '{' - 0, '/' , ':', 'z' + 1, 'Z' + 1, '0' - 1, '9' + 1, 'a' - 1, 'A' - 1}) {
            boolean symbol = "!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
            assertThat(Formats.isEmail("a" + c + "b@example.com")).as("'%s'", c).isEqualTo(symbol);
        }
        assertThat(Formats.isEmail("a@b-c.example")).isTrue();
        assertThat(Formats.isEmail("a@-b.example")).isFalse();
        assertThat(Formats.isEmail("a@b-.example")).isFalse();
        assertThat(Formats.isEmail("a@b_c.example")).isFalse();
        assertThat(Formats.isEmail("a@localhost")).isFalse();
        assertThat(Formats.isEmail("a@AZ.az09")).isTrue();
        assertThat(Formats.isEmail("a@b.")).isFalse();
    }

    @Test
    void a_port_is_1_to_65535() {
        assertThat(Formats.isHostPort("h:1")).isTrue();
        assertThat(Formats.isHostPort("h:65535")).isTrue();
        assertThat(Formats.isHostPort("h:0")).isFalse();
        assertThat(Formats.isHostPort("h:65536")).isFalse();
        assertThat(Formats.isHostPort("[::1]:1")).isTrue();
        assertThat(Formats.isHostPort("[::1]")).isTrue();
        assertThat(Formats.isHostPort(":80")).isFalse();
        assertThat(Formats.isHost("[::1]")).isTrue();
        assertThat(Formats.isHost("::1")).isTrue();
        assertThat(Formats.isHost("h")).isTrue();
        assertThat(Formats.isHost("[h]")).isFalse();
        assertThat(Formats.isHostPort("a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61)))
                .as("253 characters").isTrue();
        assertThat(Formats.isHostPort("a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62)))
                .as("254 characters").isFalse();
    }

    @Test
    void every_kind_declares_its_filterable_fields() {
        Map<String, Set<String>> fields = Kinds.all().stream()
                .collect(Collectors.toMap(Kind::resource, kind -> kind.strategy().filterFields()));
        assertThat(fields).containsEntry("alerts", Set.of("owner", "dataCube", "type"))
                .containsEntry("connections", Set.of("type", "protocol", "version"))
                .containsEntry("dashboards", Set.of("title"))
                .containsEntry("data-cubes", Set.of("connectionName", "source"))
                .containsEntry("reports", Set.of("owner", "dataCube"))
                .containsEntry("roles", Set.of("title"))
                .containsEntry("user-auths", Set.of("type"))
                .containsEntry("users", Set.of("status", "email", "colorMode"))
                .containsEntry("user-statuses", Set.of());
        assertThat(Kinds.REPORTS.strategy().filterValue(json("{\"essence\":{\"dataCube\":\"c\"}}"), "dataCube")).isEqualTo("c");
        assertThat(Kinds.USERS.strategy().filterValue(json("{\"status\":null,\"email\":{}}"), "status")).isNull();
        assertThat(Kinds.USERS.strategy().filterValue(json("{\"status\":null,\"email\":{}}"), "email")).isNull();
        assertThat(Kinds.USERS.strategy().filterValue(json("{\"status\":\"new\"}"), "status")).isEqualTo("new");
    }

    @Test
    void dashboards_alerts_and_reports_reference_their_data_cubes_by_path() {
        assertThat(Kinds.DASHBOARDS.strategy().references(json("{\"pages\":[{\"tiles\":[{\"facetEssence\":{\"dataCube\":\"a\"}},"
                + "{\"facetEssence\":{}},{\"facetEssence\":{\"dataCube\":7}}]},{},{\"tiles\":[{\"x\":1},"
                + "{\"facetEssence\":{\"dataCube\":\"b\"}}]}]}"))).containsExactly(
                new Reference("data-cubes", "a", "pages[0].tiles[0].facetEssence.dataCube"),
                new Reference("data-cubes", "b", "pages[2].tiles[1].facetEssence.dataCube"));
        assertThat(Kinds.DASHBOARDS.strategy().references(json("{}"))).isEmpty();
        assertThat(Kinds.ALERTS.strategy().references(json("{\"dataCube\":\"c\"}")))
                .containsExactly(new Reference("data-cubes", "c", "dataCube"));
        assertThat(Kinds.REPORTS.strategy().references(json("{\"essence\":{\"dataCube\":\"c\"}}")))
                .containsExactly(new Reference("data-cubes", "c", "essence.dataCube"));
        assertThat(Kinds.USERS.strategy().references(json("{\"roles\":[\"a\",\"super-admin\"]}")))
                .extracting(Reference::name).contains("a");
    }

    @Test
    void connections_declare_their_secrets_and_where_secrets_go() {
        assertThat(Kinds.CONNECTIONS.strategy().secretFields()).contains("password").doesNotContain("host", "type");
        assertThat(Kinds.CONNECTIONS.strategy().secretDestinationFields()).contains("type", "host", "port", "queryHosts")
                .doesNotContain("password", "title");
        assertThat(Kinds.CONNECTIONS.strategy().masksSecrets()).isTrue();
        assertThat(Kinds.ROLES.strategy().secretFields()).isEmpty();
    }
}
