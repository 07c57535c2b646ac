package dev.fulcrum.model.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TitlesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "articleName|Article Name",
            "countryIsoCode|Country Iso Code",
            "cityName_1|City Name 1",
            "__time|Time",
            "count|Count",
            "page-views|Page Views",
            "_added_|Added",
            "user__agent--string|User Agent String",
            "ISOCode|ISOCode",
            "delta2Sum|Delta2 Sum",
            "a|A"})
    void titles_are_made_from_names_the_way_turnilo_does(String name, String title) {
        assertThat(Titles.fromName(name)).isEqualTo(title);
    }
}
