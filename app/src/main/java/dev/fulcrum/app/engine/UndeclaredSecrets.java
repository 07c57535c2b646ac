package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.ResourceStrategy;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The engine's own checks of every write, beside the strategy's: a field that the kind does not declare and whose
 * name looks like a secret (an S3 {@code aws_access_secrets}, an {@code apiToken}, a {@code password} inside an
 * ETL-style {@code extra} or a connector's {@code storage_config}), or a URL with a password in it, would be stored
 * and returned in clear, so it is a problem pointing to {@code secureJsonData}; and {@code secureJsonData} itself
 * must be a bounded object of strings, on a kind that {@link ResourceStrategy#holdsSecureJsonData holds it}.
 * Names are compared by their look, not their code points: case, separators, full-width forms, invisible
 * characters and Cyrillic or Greek letters that look Latin do not hide a secret's name.
 */
final class UndeclaredSecrets {
    static final String DATA = "secureJsonData";
    static final String FIELDS = "secureJsonFields";
    /** The most keys a document's {@code secureJsonData} holds, and the longest key. */
    static final int MAX_DATA_KEYS = 100;
    static final int MAX_DATA_KEY_LENGTH = 200;
    /** Parts of a name, lower case and without separators, that make it look like a secret wherever they are. */
    private static final List<String> MARKERS = List.of("password", "passwd", "passphrase", "secret", "credential",
            "privatekey", "accesskey", "apikey", "connectionstring", "connstring");
    /** Words that make a name look like a secret when the name ends with them ({@code db_pass}, not {@code passThrough}). */
    private static final Set<String> LAST_WORDS = Set.of("token", "tokens", "pass", "pw", "pwd", "dsn", "auth",
            "authorization");
    /** A URL whose user info carries a password: {@code scheme://user:password@host}. */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\\s:]*:[^/?#@\\s]+@");
    /** Cyrillic and Greek letters that look like Latin ones, as Unicode's confusables list pairs them. */
    private static final Map<Character, Character> LOOKALIKES = lookalikes(
            "\u0430a\u0432b\u0435e\u043ak\u043cm\u043dh\u043eo\u0440p\u0441c\u0442t\u0443y\u0445x\u0455s\u0456i"
            + "\u0458j\u0501d\u051bq\u051dw\u0410A\u0412B\u0415E\u041aK\u041cM\u041dH\u041eO\u0420P\u0421C"
            + "\u0422T\u0425X\u0405S\u0406I\u0408J\u03b1a\u03bfo\u03c1p\u03b5e\u03bak\u03bdv\u03c4t\u03c5u"
            + "\u03b9i\u0391A\u0392B\u0395E\u0396Z\u0397H\u0399I\u039aK\u039cM\u039dN\u039fO\u03a1P\u03a4T"
            + "\u03a5Y\u03a7X\u0261g");
    /** The fields each strategy declares, read from the schema its validation records. */
    private static final Map<ResourceStrategy, Declared> DECLARED = new ConcurrentHashMap<>();

    /** A kind's top-level fields, and the schema its validation records (nested fields' names in it). */
    private record Declared(Set<String> topLevel, ObjectNode schema) {
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
            String look = joined(name);
            boolean undeclared = !declared.topLevel().contains(name);
            if (name.equals(FIELDS) || undeclared && (look.equals("securejsondata") || look.equals("securejsonfields"))) {
                problems.add(name, name.equals(FIELDS) || !holds ? "is not a field of " + kind.plural() + "; leave it out"
                        : "is not " + DATA + " (spelled exactly so), so it would be stored and returned in clear");
            } else if (undeclared && looksSecret(name)) {
                problems.add(name, "looks like a secret, which would be stored and returned in clear; " + instead);
            } else {
                checkValue(name, field.getValue(), declared.schema().path("properties").path(name), problems, instead);
            }
        }
        checkData(kind, document.get(DATA), holds, problems);
    }

    /** A value to look into: where it is, and its schema as the kind's validation records it (missing: undeclared). */
    private record Pending(String path, JsonNode value, JsonNode schema) {
    }

    /**
     * Every key inside {@code value} (at {@code path}, declared by {@code schema}) that the schema does not declare
     * and that looks like a secret's, and every URL with a password.
     */
    private static void checkValue(String path, JsonNode value, JsonNode schema, Problems problems, String instead) {
        ArrayDeque<Pending> pending = new ArrayDeque<>();
        pending.add(new Pending(path, value, schema));
        while (!pending.isEmpty()) {
            Pending next = pending.poll();
            JsonNode node = next.value();
            if (node.isTextual()) {
                String text = node.textValue();
                if (text.contains("://") && URL_WITH_PASSWORD.matcher(text).find()) {
                    problems.add(next.path(), "is a URL with a password in it, which would be stored and returned in"
                            + " clear; leave the password out of the URL and " + instead.replace("send it", "send the password"));
                }
            } else if (node.isObject()) {
                JsonNode declared = next.schema().path("properties");
                for (Map.Entry<String, JsonNode> child : node.properties()) {
                    String at = next.path() + "." + child.getKey();
                    if (!declared.has(child.getKey()) && looksSecret(child.getKey())) {
                        problems.add(at, "looks like a secret, which would be stored and returned in clear; " + instead);
                    } else {
                        pending.add(new Pending(at, child.getValue(), declared.path(child.getKey())));
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    pending.add(new Pending(next.path() + "[" + i + "]", node.get(i), next.schema().path("items")));
                }
            }
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
            data.properties().forEach(entry -> {
                String key = entry.getKey();
                if (key.isEmpty() || key.length() > MAX_DATA_KEY_LENGTH || key.codePoints().anyMatch(UndeclaredSecrets::invisible)) {
                    problems.add(DATA, "names its secrets with 1 to " + MAX_DATA_KEY_LENGTH + " visible characters; '"
                            + clip(key) + "' is not one");
                } else if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
                    problems.add(DATA + "." + key, "must be a string, or null to clear it");
                } else if (Secrets.MASK.equals(entry.getValue().textValue())) {
                    problems.add(DATA + "." + key, "is " + Secrets.MASK + ", which stands for a secret in answers and is"
                            + " never one; leave the key out to keep what is stored, or send the value");
                }
            });
        }
    }

    private static boolean invisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String clip(String key) {
        String shown = key.codePoints().limit(40).map(c -> invisible(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return key.length() > shown.length() ? shown + "..." : shown;
    }

    /**
     * Whether a field's name looks like a secret's, in any case and with any separator: {@code aws_access_secrets},
     * {@code apiToken}, {@code Private-Key}, {@code accessKeyId}, {@code db_pass}, {@code dsn}; {@code token},
     * {@code pass}, {@code pw}, {@code auth} only as the last word, so that {@code tokenizer} and {@code passThrough}
     * are not. Compared by look (see {@link #skeleton}).
     */
    static boolean looksSecret(String field) {
        String[] words = words(field);
        String joined = String.join("", words);
        return MARKERS.stream().anyMatch(joined::contains) || words.length > 0 && LAST_WORDS.contains(words[words.length - 1]);
    }

    /** The name's words, lower case: split at separators and where a lower-case letter meets an upper-case one. */
    private static String[] words(String field) {
        String words = skeleton(field).replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Arrays.stream(words.split("[^a-z0-9]+")).filter(word -> !word.isEmpty()).toArray(String[]::new);
    }

    private static String joined(String field) {
        return String.join("", words(field));
    }

    /**
     * The name as it looks: compatibility forms folded (full-width letters are letters), invisible characters
     * dropped, and Cyrillic or Greek letters that look Latin made Latin.
     */
    static String skeleton(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(folded.length());
        folded.codePoints().filter(c -> !invisible(c)).forEach(c -> {
            Character latin = c <= Character.MAX_VALUE ? LOOKALIKES.get((char) c) : null;
            out.appendCodePoint(latin != null ? latin : c);
        });
        return out.toString();
    }

    private static Map<Character, Character> lookalikes(String pairs) {
        Map<Character, Character> map = new HashMap<>();
        for (int i = 0; i < pairs.length(); i += 2) {
            map.put(pairs.charAt(i), pairs.charAt(i + 1));
        }
        return Map.copyOf(map);
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
