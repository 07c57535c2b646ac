package dev.fulcrum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.store.internal.Migrations;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A start skips Flyway only when the database holds every migration of this build: the lists the check uses are the
 * scripts the build carries, and a database missing the record of one goes through Flyway (here Flyway then fails,
 * since the tables of the migration it would apply are there: proof that it ran).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class MigrationsTest {
    private final TestDatabase kind;

    MigrationsTest(TestDatabase kind) {
        this.kind = kind;
    }

    @Test
    void the_versions_the_check_expects_are_the_scripts_the_build_carries() throws Exception {
        assertThat(versionsIn("db/migration")).containsExactlyInAnyOrderElementsOf(Migrations.COMMON);
        assertThat(versionsIn("db/vendor/postgresql")).containsExactlyInAnyOrderElementsOf(Migrations.VENDOR.get("postgresql"));
    }

    private static List<String> versionsIn(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(MigrationsTest.class.getClassLoader().getResource(folder).toURI());
        List<String> versions = new ArrayList<>();
        try (Stream<Path> scripts = Files.list(dir)) {
            scripts.map(script -> script.getFileName().toString()).filter(name -> name.matches("V[0-9_]+__.*\\.sql"))
                    .forEach(name -> versions.add(name.substring(1, name.indexOf("__")).replace('_', '.')));
        }
        return versions;
    }

    @Test
    void a_database_missing_a_migrations_record_goes_through_flyway() throws SQLException {
        StoreConfig config = kind.newConfig(Duration.ofSeconds(5));
        try (Database database = Database.open(config)) {
            assertThat(Migrations.allApplied(database.dataSource(), vendor())).isTrue();
            try (Connection connection = database.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '14'");
            }
            assertThat(Migrations.allApplied(database.dataSource(), vendor())).isFalse();
        }
        assertThatThrownBy(() -> Database.open(config).close()).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("could not be opened or migrated");
    }

    private String vendor() {
        return kind == TestDatabase.H2 ? "h2" : "postgresql";
    }
}
