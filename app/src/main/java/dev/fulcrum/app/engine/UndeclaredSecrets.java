package dev.fulcrum.app.engine;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.ResourceStrategy;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's own checks of every write, beside the strategy's: a field that the kind does not declare and whose
 * name looks like a secret ({@link SecretNames}: an S3 {@code aws_access_secrets}, an {@code apiToken}, a
 * {@code password} inside an ETL-style {@code extra}, a connector's {@code storage_config}, a JSON text in a string,
 * or a {@code {"key": "password", "value": ...}} pair), or a URL with a password in it, would be stored and returned
 * in clear, so it is a problem pointing to {@code secureJsonData}; and {@code secureJsonData} itself must be a
 * bounded object of strings, at the top of a kind that {@link ResourceStrategy#holdsSecureJsonData holds it}.
 */
final class UndeclaredSecrets {
    static final String DATA = "secureJsonData";
    static final String FIELDS = "secureJsonFields";
    /** The most keys a document's {@code secureJsonData} holds, and the longest key, in characters. */
    static final int MAX_DATA_KEYS = 100;
    static final int MAX_DATA_KEY_LENGTH = 200;
    /** Strings up to this long that hold a JSON object or array are looked into as well. */
    private static final int MAX_JSON_TEXT = 65_536;
    /** Characters that are letters to Unicode but show as nothing (Hangul fillers, the blank Braille pattern). */
    private static final String BLANK_LOOKING = "\u115f\u1160\u3164\uffa0\u2800";
    /** The fields each strategy declares, read from the schema its validation records. */
    private static final Map<ResourceStrategy, Declared> DECLARED = new ConcurrentHashMap<>();

    /** A kind's top-level fields, and the schema its validation records (nested fields' names in it). */
    private record Declared(Set<String> topLevel, ObjectNode schema) {
    }

    /** A value to look into: where it is, and its schema as the kind's validation records it (missing: undeclared). */
    private record Pending(String path, JsonNode value, JsonNode schema) {
    }

    private UndeclaredSecrets() {
    }

    /** Adds the problems of {@code document}'s undeclared secrets and {@code secureJsonData} to {@code problems}. */
    static void check(Kind kind, ObjectNode document, Problems problems) {
        Declared declared = DECLARED.computeIfAbsent(kind.strategy(), UndeclaredSecrets::declared);
        boolean holds = kind.strategy().holdsSecureJsonData();
        String instead = holds
                ? "send it in " + DATA + " instead ({\"" + DATA + "\": {\"<name>\": \"...\"}}), where it is encrypted and never"
                + " returned"
                : kind.plural() + " have no " + DATA + " to keep it encrypted (connections have), so leave it out";
        for (Map.Entry<String, JsonNode> field : document.properties()) {
            String name = field.getKey();
            if (name.equals(DATA) || name.equals(FIELDS) && holds || kind.strategy().secretFields().contains(name)) {
                continue; // sealed, or (secureJsonFields) what a read answered, sent back: ignored
            }
            boolean undeclared = !declared.topLevel().contains(name);
            if (name.equals(FIELDS) || undeclared && isDataLike(name)) {
                problems.add(name, name.equals(FIELDS) || !holds ? "is not a field of " + kind.plural() + "; leave it out"
                        : "is not " + DATA + " (spelled exactly so), so it would be stored and returned in clear");
            } else if (undeclared && SecretNames.looksSecret(name)) {
                problems.add(name, "looks like a secret, which would be stored and returned in clear; " + instead);
            } else {
                checkValue(name, field.getValue(), declared.schema().path("properties").path(name), problems, instead);
            }
        }
        checkData(kind, document.get(DATA), holds, problems);
    }

    private static boolean isDataLike(String name) {
        String look = SecretNames.joined(name);
        return look.equals("securejsondata") || look.equals("securejsonfields");
    }

    /**
     * Every key inside {@code value} (at {@code path}, declared by {@code schema}) that the schema does not declare
     * and that looks like a secret's, every key/value pair naming one, and every URL with a password.
     */
    private static void checkValue(String path, JsonNode value, JsonNode schema, Problems problems, String instead) {
        String secret = "looks like a secret, which would be stored and returned in clear; " + instead;
        ArrayDeque<Pending> pending = new ArrayDeque<>();
        pending.add(new Pending(path, value, schema));
        while (!pending.isEmpty()) {
            Pending next = pending.poll();
            JsonNode node = next.value();
            if (node.isTextual()) {
                String text = node.textValue();
                String inUrl = UrlSecrets.find(text);
                if (inUrl != null) {
                    problems.add(next.path(), "is a URL with " + inUrl + " in it, which would be stored and returned in"
                            + " clear; leave it out of the URL and " + instead);
                }
                JsonNode inside = jsonText(text);
                if (inside != null) {
                    pending.add(new Pending(next.path(), inside, MissingNode.getInstance()));
                }
            } else if (node.isObject()) {
                JsonNode declared = next.schema().path("properties");
                for (Map.Entry<String, JsonNode> child : node.properties()) {
                    String key = child.getKey();
                    String at = next.path() + "." + key;
                    if (declared.has(key)) {
                        pending.add(new Pending(at, child.getValue(), declared.path(key)));
                    } else if (isDataLike(key)) {
                        problems.add(at, DATA + " belongs at the top of the document, not inside a field");
                    } else if (SecretNames.looksSecret(key)) {
                        problems.add(at, secret);
                    } else {
                        pending.add(new Pending(at, child.getValue(), MissingNode.getInstance()));
                    }
                }
                if (namesSecretPair(node)) {
                    problems.add(next.path() + ".value", "is the value of a pair named like a secret, which would be stored"
                            + " and returned in clear; " + instead);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    pending.add(new Pending(next.path() + "[" + i + "]", node.get(i), next.schema().path("items")));
                }
            }
        }
    }

    /** A name/value pair ({@code {"key": "password", "value": "..."}}, or {@code name}) whose name looks secret. */
    private static boolean namesSecretPair(JsonNode object) {
        if (!object.has("value")) {
            return false;
        }
        for (String nameKey : new String[] {"key", "name", "Key", "Name"}) {
            JsonNode named = object.get(nameKey);
            if (named != null && named.isTextual() && SecretNames.looksSecret(named.textValue())) {
                return true;
            }
        }
        return false;
    }

    /** The JSON object or array a string holds as text ({@code "{\"password\": ...}"}), or null. */
    private static JsonNode jsonText(String text) {
        String trimmed = text.strip();
        if (trimmed.length() < 2 || trimmed.length() > MAX_JSON_TEXT
                || !(trimmed.startsWith("{") && trimmed.endsWith("}") || trimmed.startsWith("[") && trimmed.endsWith("]"))) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(trimmed);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static void checkData(Kind kind, JsonNode data, boolean holds, Problems problems) {
        if (data == null || data.isNull()) {
            return;
        }
        if (!holds) {
            problems.add(DATA, kind.plural() + " have no " + DATA + " (connections have); leave it out");
        } else if (!data.isObject()) {
            problems.add(DATA, "must be an object of names and string values, like {\"aws_access_secrets\": \"...\"}");
        } else if (data.size() > MAX_DATA_KEYS) {
            problems.add(DATA, "holds " + data.size() + " secrets; at most " + MAX_DATA_KEYS);
        } else {
            Set<String> looks = new HashSet<>();
            data.properties().forEach(entry -> {
                String key = entry.getKey();
                JsonNode value = entry.getValue();
                if (!visibleKey(key)) {
                    problems.add(DATA, "names its secrets with 1 to " + MAX_DATA_KEY_LENGTH + " characters, some visible"
                            + " and none invisible; '" + clip(key) + "' is not one");
                } else if (!looks.add(Normalizer.normalize(key, Normalizer.Form.NFC).toLowerCase(Locale.ROOT))) {
                    problems.add(DATA + "." + key, "is another key that differs only in case or accents; keep one");
                } else if (!value.isTextual() && !value.isNull()) {
                    problems.add(DATA + "." + key, "must be a string, or null to clear it");
                } else if (value.isTextual() && looksLikeMask(value.textValue())) {
                    problems.add(DATA + "." + key, "looks like " + Secrets.MASK + ", which stands for a secret in answers"
                            + " and is never one; leave the key out to keep what is stored, or send the value");
                }
            });
        }
    }

    /** 1 to 200 characters (code points), none invisible, and not all blank-looking. */
    private static boolean visibleKey(String key) {
        long length = key.codePointCount(0, key.length());
        return length >= 1 && length <= MAX_DATA_KEY_LENGTH && key.codePoints().noneMatch(SecretNames::invisible)
                && key.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && BLANK_LOOKING.indexOf(c) < 0 && Character.getType(c) != Character.NON_SPACING_MARK
                && Character.getType(c) != Character.ENCLOSING_MARK);
    }

    /** Only asterisks (of any width) and spaces, at least three: what answers show, or a client's copy of it. */
    private static boolean looksLikeMask(String value) {
        String folded = Normalizer.normalize(value, Normalizer.Form.NFKC).strip();
        return folded.length() >= 3 && folded.chars().allMatch(c -> c == '*' || c == ' ');
    }

    private static String clip(String key) {
        String shown = key.codePoints().limit(40).map(c -> SecretNames.invisible(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return key.length() > shown.length() ? shown + "..." : shown;
    }

    private static Declared declared(ResourceStrategy strategy) {
        ObjectNode schema = Json.MAPPER.createObjectNode();
        strategy.validate(Json.MAPPER.createObjectNode(), Problems.recordingSchemaInto(schema));
        Set<String> declared = new HashSet<>(strategy.secretFields());
        schema.path("properties").fieldNames().forEachRemaining(declared::add);
        declared.add("name");
        if (strategy.holdsSecureJsonData()) {
            declared.add(DATA);
            declared.add(FIELDS);
        }
        return new Declared(Set.copyOf(declared), schema);
    }
}
