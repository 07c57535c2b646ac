package dev.fulcrum.model.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {"page|$page", "__time|$__time", "channel-id|${channel-id}",
            "2fast|${2fast}", "a.b|${a.b}"})
    void default_formulas_quote_names_that_are_not_identifiers(String name, String formula) {
        assertThat(DataCubeStrategy.reference(name)).isEqualTo(formula);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT1M", "P1D", "P1W", "P1M", "P1Y", "PT0.5S", "P1DT12H", "P1Y2M3DT4H"})
    void iso_durations_are_accepted(String duration) {
        assertThat(Formats.isDuration(duration)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1D", "P", "PT", "daily", "P1H", "", "PT0S", "P0D", "-PT1M", "P-1D", "PT-1M"})
    void other_text_is_not_a_duration(String text) {
        assertThat(Formats.isDuration(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "broker-1.internal:8082", "10.0.0.7:8888", "[::1]:8082", "localhost"})
    void hosts_and_ports_are_accepted(String host) {
        assertThat(Formats.isHostPort(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "host:0", "host:65536", "host:port", ":8082", "a b", "host/path"})
    void urls_and_bad_ports_are_not_hosts(String host) {
        assertThat(Formats.isHostPort(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h?PGHOST=evil:5432", "[::1", "[evil.example.com]", "[fe80::1%eth0]", "a,b", "a..b", "-a",
            "a_b-.c", "[::ffff:1.2.3.4]:80", "h:80:81", "h@evil:80", "h#x", "h\tx", "\u00e9vil.com"})
    void url_syntax_zone_ids_and_lists_are_not_hosts(String host) {
        assertThat(Formats.isHostPort(host)).isFalse();
        assertThat(Formats.isHost(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.internal", "10.0.0.7", "::1", "[::1]", "fd00:ec2::254", "my_db-1"})
    void database_hosts_are_names_or_ip_addresses(String host) {
        assertThat(Formats.isHost(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics", "etl_user", "user@server", "Données", "db-1.2", "a:b"})
    void database_and_user_names_are_accepted(String name) {
        assertThat(Formats.isObjectName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"d?PGHOST=::1&PGPORT=15433", "d?localSocket=/tmp/s", "d;x", "a/b", "a=b", "a#b", "a%3Fb",
            "a\\b", "a b", "a\tb", "a\nb", "a\u0000b", "a\u200bb", "a\u2028b", "a\u0085b", ""})
    void names_with_url_syntax_whitespace_or_control_characters_are_refused(String name) {
        assertThat(Formats.isObjectName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@company.com", "some.user+tag@imply.io", "a@b.co.uk"})
    void addresses_are_accepted(String address) {
        assertThat(Formats.isEmail(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "user@", "@company.com", "user@company", "a b@c.com", "a@b..com"})
    void non_addresses_are_refused(String text) {
        assertThat(Formats.isEmail(text)).isFalse();
    }
}
