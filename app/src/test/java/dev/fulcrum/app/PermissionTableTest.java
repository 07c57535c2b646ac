package dev.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.model.Access;
import dev.fulcrum.model.Access.Verb;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's permission table is the specification; each kind's {@link Access} rule (and the rules of the
 * resources that are not kinds: API tokens, the audit log, the metrics) must say exactly what it says. The
 * conformance suite checks that the server enforces the rules; this checks that the rules are the documented ones,
 * so neither can drift alone.
 */
class PermissionTableTest {
    private static final List<Verb> COLUMNS = List.of(Verb.READ, Verb.CREATE, Verb.UPDATE, Verb.DELETE);

    /** A cell: the permissions for every document, and those for the caller's own ("own: ..."). */
    private record Cell(List<String> all, List<String> own) {
    }

    @Test
    void every_kind_has_a_row_and_its_access_rule_is_the_row() throws IOException {
        Map<String, Map<Verb, Cell>> table = readmeTable();
        for (Kind kind : Kinds.all()) {
            assertThat(table).as("README row for " + kind.resource()).containsKey(kind.resource());
            assertRule(kind.resource(), kind.access(), table.get(kind.resource()));
        }
        assertRule("api-tokens", AccessPolicy.API_TOKENS, table.get("api-tokens"));
        assertRule("audit", AccessPolicy.AUDIT, table.get("audit"));
        assertRule(AccessPolicy.METRICS_RESOURCE, AccessPolicy.METRICS, table.get(AccessPolicy.METRICS_RESOURCE));
        assertThat(table.keySet()).hasSize(Kinds.all().size() + 3);
    }

    private static void assertRule(String resource, Access rule, Map<Verb, Cell> row) {
        for (Verb verb : COLUMNS) {
            Cell cell = row.get(verb);
            if (cell == null) {
                continue; // "(none)": no route does it (audit writes, token updates), whatever the rule says
            }
            assertThat(rule.allowing(verb)).as(resource + " " + verb).containsExactlyInAnyOrderElementsOf(cell.all());
            if (verb != Verb.READ) {
                assertThat(rule.ownerOnly()).as(resource + " " + verb + " own").containsExactlyInAnyOrderElementsOf(cell.own());
            }
        }
    }

    private static Map<String, Map<Verb, Cell>> readmeTable() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
        String section = readme.substring(readme.indexOf("### The permission table"));
        Map<String, Map<Verb, Cell>> table = new LinkedHashMap<>();
        for (String line : section.lines().dropWhile(line -> !line.startsWith("| resource")).skip(2)
                .takeWhile(line -> line.startsWith("|")).toList()) {
            String[] cells = line.split("\\|");
            Map<Verb, Cell> row = new LinkedHashMap<>();
            Cell previous = null;
            for (int i = 0; i < COLUMNS.size(); i++) {
                String text = cells[i + 2].trim();
                Cell cell = text.equals("same as create") ? previous : text.startsWith("(none") ? null : cell(text);
                row.put(COLUMNS.get(i), cell);
                previous = i == 1 ? cell : previous;
            }
            for (String resource : cells[1].replace("`", "").split(",")) {
                table.put(resource.trim(), row);
            }
        }
        return table;
    }

    private static Cell cell(String text) {
        String[] parts = text.split(";\\s*own:\\s*");
        return new Cell(names(parts[0]), parts.length > 1 ? names(parts[1]) : List.of());
    }

    private static List<String> names(String text) {
        return new ArrayList<>(Arrays.stream(text.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList());
    }
}
