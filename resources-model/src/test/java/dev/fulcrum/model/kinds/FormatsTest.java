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
