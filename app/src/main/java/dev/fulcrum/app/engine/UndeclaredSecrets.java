package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.ResourceStrategy;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's own checks of every write, beside the strategy's: a top-level field that the kind does not declare
 * and whose name looks like a secret (an S3 {@code aws_access_secrets}, an {@code apiToken}) would be stored and
 * returned in clear, so it is a problem pointing to {@code secureJsonData}; and {@code secureJsonData} itself must
 * be an object of strings, on a kind that {@link ResourceStrategy#holdsSecureJsonData holds it}.
 */
final class UndeclaredSecrets {
    static final String DATA = "secureJsonData";
    static final String FIELDS = "secureJsonFields";
    /** Parts of a name, lower case and without separators, that make it look like a secret. */
    private static final List<String> MARKERS = List.of("password", "passwd", "passphrase", "secret", "credential",
            "privatekey", "accesskey", "apikey");
    /** The top-level fields each strategy declares, read from the schema its validation records. */
    private static final Map<ResourceStrategy, Set<String>> DECLARED = new ConcurrentHashMap<>();

    private UndeclaredSecrets() {
    }

    /** Adds the problems of {@code document}'s undeclared secrets and {@code secureJsonData} to {@code problems}. */
    static void check(Kind kind, ObjectNode document, Problems problems) {
        Set<String> declared = DECLARED.computeIfAbsent(kind.strategy(), UndeclaredSecrets::declaredFields);
        boolean holds = kind.strategy().holdsSecureJsonData();
        document.fieldNames().forEachRemaining(field -> {
            if (!declared.contains(field) && looksSecret(field)) {
                problems.add(field, "looks like a secret, which would be stored and returned in clear; " + (holds
                        ? "send it in " + DATA + " instead ({\"" + DATA + "\": {\"" + field + "\": \"...\"}}), where it is"
                        + " encrypted and never returned"
                        : kind.plural() + " have no " + DATA + " to keep it encrypted (connections have), so leave it out"));
            }
        });
        JsonNode data = document.get(DATA);
        if (data == null || data.isNull()) {
            return;
        }
        if (!holds) {
            problems.add(DATA, kind.plural() + " have no " + DATA + " (connections have); leave it out");
        } else if (!data.isObject()) {
            problems.add(DATA, "must be an object of names and string values, like {\"aws_access_secrets\": \"...\"}");
        } else {
            data.properties().forEach(entry -> {
                if (entry.getKey().isEmpty()) {
                    problems.add(DATA, "must not have an empty name");
                } else if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
                    problems.add(DATA + "." + entry.getKey(), "must be a string, or null to clear it");
                }
            });
        }
    }

    /**
     * Whether a field's name looks like a secret's, in any case and with any separator: {@code aws_access_secrets},
     * {@code apiToken}, {@code Private-Key}, {@code accessKeyId}; {@code token} only as a word or at the end, so
     * that {@code tokenizer} is not one.
     */
    static boolean looksSecret(String field) {
        String words = field.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        String joined = words.replaceAll("[^a-z0-9]", "");
        if (MARKERS.stream().anyMatch(joined::contains) || joined.endsWith("token") || joined.endsWith("tokens")) {
            return true;
        }
        return Arrays.stream(words.split("[^a-z0-9]+")).anyMatch(word -> word.equals("token") || word.equals("tokens"));
    }

    private static Set<String> declaredFields(ResourceStrategy strategy) {
        ObjectNode schema = Json.MAPPER.createObjectNode();
        strategy.validate(Json.MAPPER.createObjectNode(), Problems.recordingSchemaInto(schema));
        Set<String> declared = new HashSet<>(strategy.secretFields());
        schema.path("properties").fieldNames().forEachRemaining(declared::add);
        declared.add("name");
        if (strategy.holdsSecureJsonData()) {
            declared.add(DATA);
            declared.add(FIELDS);
        }
        return Set.copyOf(declared);
    }
}
