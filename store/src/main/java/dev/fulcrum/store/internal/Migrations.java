package dev.fulcrum.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The migrations this build carries, and whether a database holds every one of them already: then a start need not
 * run Flyway, which loads some 400 classes and reads the jar's entries to find the scripts (a tenth of a start's
 * CPU, issue 16). Whenever one is missing or failed, Flyway runs as ever: it applies what is pending and validates
 * the checksums of everything applied. {@code MigrationsTest} keeps these lists in line with the scripts.
 */
public final class Migrations {
    /** The versions in {@code db/migration}, on every database. */
    public static final List<String> COMMON = List.of("1", "2", "3", "4", "5", "6", "9", "10", "11", "12", "13", "14");
    /** The versions in {@code db/vendor/<vendor>}, on that database only. */
    public static final Map<String, List<String>> VENDOR = Map.of("postgresql", List.of("5.1"), "h2", List.of("14.1"));

    private Migrations() {
    }

    /** Whether the database holds every migration of this build, each applied successfully, and none other. */
    public static boolean allApplied(DataSource database, String vendor) {
        Set<String> expected = new HashSet<>(COMMON);
        expected.addAll(VENDOR.getOrDefault(vendor, List.of()));
        Set<String> applied = new HashSet<>();
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                     + " WHERE \"version\" IS NOT NULL")) {
            while (rows.next()) {
                if (!rows.getBoolean(2)) {
                    return false; // a failed migration: Flyway says what to do
                }
                applied.add(rows.getString(1));
            }
        } catch (SQLException noHistoryYet) {
            return false; // a new database (or one Flyway must look at)
        }
        return applied.equals(expected);
    }
}
