package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Tests" section points every section that makes promises to the tests that keep them: a new
 * section without a row, or a row naming a test class that does not exist, fails here.
 */
class ReadmeTestsTableTest {
    /** Sections that promise nothing a test could check, or are about the tests themselves. */
    private static final Set<String> WITHOUT_TESTS = Set.of("Fulcrum", "The two commands", "Performance", "Tests",
            "Mutation testing");
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private static List<String> tableRows(String readme) {
        int start = readme.indexOf("| section | test classes |");
        assertThat(start).as("the table in \"Tests\"").isPositive();
        List<String> rows = new ArrayList<>();
        for (String line : readme.substring(start).lines().skip(2).toList()) {
            if (!line.startsWith("|")) {
                break;
            }
            rows.add(line);
        }
        return rows;
    }

    @Test
    void every_section_of_the_readme_names_its_tests_and_every_test_named_exists() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> rows = tableRows(readme);
        StringBuilder sections = new StringBuilder();
        rows.forEach(row -> sections.append(row.split("\\|")[1]).append('|'));
        Matcher heading = Pattern.compile("(?m)^#{1,3} (.+)$").matcher(readme.replaceAll("(?s)```.*?```", ""));
        while (heading.find()) {
            String title = heading.group(1).replaceAll(" \\(`[^`]*`\\)", "").trim();
            if (!WITHOUT_TESTS.contains(title)) {
                assertThat(sections.toString()).as("the \"Tests\" table has a row for \"" + title + "\"").contains(title);
            }
        }
        Matcher named = Pattern.compile("`([A-Z][A-Za-z]*(?:Test|IT))`").matcher(String.join("\n", rows));
        int count = 0;
        while (named.find()) {
            String file = named.group(1) + ".java";
            try (Stream<Path> found = Stream.of("app", "resources-model", "store", "client-test")
                    .map(module -> ROOT.resolve(module).resolve("src/test/java"))
                    .filter(Files::isDirectory).flatMap(ReadmeTestsTableTest::walk)) {
                assertThat(found.anyMatch(path -> path.getFileName().toString().equals(file))).as(file).isTrue();
            }
            count++;
        }
        assertThat(count).isGreaterThan(20);
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
