package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Checks the known fields of one JSON object and reports each problem with its path. Absent and
 * null optional fields are fine; unknown fields are left alone. Each check returns the value when
 * it is usable, so a strategy can go on checking what depends on it.
 */
final class Fields {
    private static final String HOST_PORT = "must be a host or host:port: a host name or IP address, IPv6 in brackets";
    private final ObjectNode object;
    private final String path;
    private final Problems problems;
    /** In recording mode, the object schema that each check describes itself into; otherwise null. */
    private final ObjectNode schema;

    Fields(ObjectNode object, String path, Problems problems) {
        this(object, path, problems, null);
    }

    private Fields(ObjectNode object, String path, Problems problems, ObjectNode schema) {
        this.object = object;
        this.path = path;
        this.problems = problems;
        this.schema = schema;
        if (schema != null) {
            schema.put("type", "object");
            schema.withObject("properties");
        }
    }

    /**
     * The fields of a whole document, reported under its wrapper key; or, with
     * {@link Problems#recordingSchemaInto}, a recorder of the document's JSON Schema.
     */
    static Fields of(ObjectNode document, Problems problems) {
        return new Fields(document, "", problems, problems.schema());
    }

    /** True when this records a schema rather than checking a document. */
    boolean isRecording() {
        return schema != null;
    }

    /** Records {@code fieldSchema} for a field (recording mode only); returns true when recording. */
    boolean describe(String field, ObjectNode fieldSchema, boolean required) {
        if (schema == null) {
            return false;
        }
        ((ObjectNode) schema.get("properties")).set(field, fieldSchema);
        if (required) {
            schema.withArray("required").add(field);
        }
        return true;
    }

    private static ObjectNode type(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    void problem(String field, String message) {
        problems.add(pathOf(field), message);
    }

    private JsonNode present(String field, boolean required) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(field, "is required");
            }
            return null;
        }
        return value;
    }

    String string(String field) {
        return string(field, false);
    }

    String requiredString(String field) {
        return string(field, true);
    }

    private String string(String field, boolean required) {
        if (describe(field, type("string"), required)) {
            return null;
        }
        JsonNode value = present(field, required);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problem(field, "must be a string");
            return null;
        }
        if (required && value.asText().isBlank()) {
            problem(field, "must not be empty");
            return null;
        }
        return value.asText();
    }

    String oneOf(String field, Set<String> allowed) {
        return oneOf(field, allowed, false);
    }

    String oneOf(String field, Set<String> allowed, boolean required) {
        ObjectNode choices = type("string");
        allowed.stream().sorted().forEach(choices.putArray("enum")::add);
        if (describe(field, choices, required)) {
            return null;
        }
        String value = string(field, required);
        if (value != null && !allowed.contains(value)) {
            problem(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()) + ", not '" + value + "'");
            return null;
        }
        return value;
    }

    String email(String field) {
        if (describe(field, type("string").put("format", "email"), false)) {
            return null;
        }
        String value = string(field);
        if (value != null && !Formats.isEmail(value)) {
            problem(field, "must be an e-mail address (ASCII, at most " + Formats.MAX_EMAIL_LENGTH + " characters), not '"
                    + clipped(value) + "'");
            return null;
        }
        return value;
    }

    /** A bad value as the error quotes it: short, so that a huge one is not echoed back whole. */
    private static String clipped(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    /** An ISO-8601 duration such as PT1M, P1D, P1W or P1M. */
    String duration(String field, boolean required) {
        if (describe(field, type("string").put("format", "duration"), required)) {
            return null;
        }
        String value = string(field, required);
        if (value != null && !Formats.isDuration(value)) {
            problem(field, "must be an ISO-8601 duration such as PT1M or P1D, not '" + value + "'");
            return null;
        }
        return value;
    }

    Boolean bool(String field) {
        if (describe(field, type("boolean"), false)) {
            return null;
        }
        JsonNode value = present(field, false);
        if (value != null && !value.isBoolean()) {
            problem(field, "must be true or false");
            return null;
        }
        return value == null ? null : value.asBoolean();
    }

    /** A whole number from {@code min} to {@code max}. */
    Long integer(String field, long min, long max) {
        if (describe(field, type("integer").put("minimum", min).put("maximum", max), false)) {
            return null;
        }
        JsonNode value = present(field, false);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            problem(field, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return value.asLong();
    }

    ObjectNode object(String field) {
        return object(field, false);
    }

    ObjectNode object(String field, boolean required) {
        if (describe(field, type("object"), required)) {
            return null;
        }
        JsonNode value = present(field, required);
        if (value != null && !value.isObject()) {
            problem(field, "must be an object");
            return null;
        }
        return (ObjectNode) value;
    }

    /** Checks a nested object's fields, reported under this field's path. */
    void nested(String field, boolean required, Consumer<Fields> check) {
        if (isRecording()) {
            ObjectNode nestedSchema = type("object");
            describe(field, nestedSchema, required);
            check.accept(new Fields(null, pathOf(field), problems, nestedSchema));
            return;
        }
        ObjectNode value = object(field, required);
        if (value != null) {
            check.accept(new Fields(value, pathOf(field), problems));
        }
    }

    JsonNode array(String field, boolean required) {
        ObjectNode anyItems = (ObjectNode) type("array").set("items", JsonNodeFactory.instance.objectNode());
        if (describe(field, anyItems, required)) {
            return null;
        }
        JsonNode value = present(field, required);
        if (value != null && !value.isArray()) {
            problem(field, "must be an array");
            return null;
        }
        return value;
    }

    /** Checks each element of an array of objects, reported as {@code field[i]}. */
    void eachObject(String field, boolean required, BiConsumer<Fields, Integer> check) {
        if (isRecording()) {
            ObjectNode items = type("object");
            describe(field, (ObjectNode) type("array").set("items", items), required);
            check.accept(new Fields(null, pathOf(field) + "[]", problems, items), 0);
            return;
        }
        JsonNode array = array(field, required);
        if (array == null) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String elementPath = pathOf(field) + "[" + i + "]";
            if (!element.isObject()) {
                problems.add(elementPath, "must be an object");
            } else {
                check.accept(new Fields((ObjectNode) element, elementPath, problems), i);
            }
        }
    }

    /** An array of strings; each bad element is reported as {@code field[i]}. */
    List<String> strings(String field, boolean required) {
        if (describe(field, (ObjectNode) type("array").set("items", type("string")), required)) {
            return new ArrayList<>();
        }
        JsonNode array = array(field, required);
        List<String> values = new ArrayList<>();
        if (array == null) {
            return values;
        }
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isTextual()) {
                problems.add(pathOf(field) + "[" + i + "]", "must be a string");
            } else {
                values.add(array.get(i).asText());
            }
        }
        return values;
    }

    void emails(String field) {
        if (describe(field, (ObjectNode) type("array").set("items", type("string").put("format", "email")), false)) {
            return;
        }
        List<String> values = strings(field, false);
        for (int i = 0; i < values.size(); i++) {
            if (!Formats.isEmail(values.get(i))) {
                problems.add(pathOf(field) + "[" + i + "]", "must be an e-mail address (ASCII, at most "
                        + Formats.MAX_EMAIL_LENGTH + " characters), not '" + clipped(values.get(i)) + "'");
            }
        }
    }

    /** A non-empty array of at most {@code max} {@code host} or {@code host:port} strings. */
    void hosts(String field, boolean required, int max) {
        ObjectNode described = (ObjectNode) type("array").put("minItems", 1).put("maxItems", max).set("items", type("string"));
        if (describe(field, described, required)) {
            return;
        }
        JsonNode hosts = array(field, required);
        if (hosts == null) {
            return;
        }
        if (hosts.isEmpty()) {
            problem(field, "must name at least one host");
        } else if (hosts.size() > max) {
            problem(field, "must name at most " + max + " hosts, not " + hosts.size());
            return; // one problem, not one per host: the answer stays small whatever the request
        }
        for (int i = 0; i < hosts.size(); i++) {
            if (!hosts.get(i).isTextual() || !Formats.isHostPort(hosts.get(i).asText())) {
                problems.add(pathOf(field) + "[" + i + "]", HOST_PORT);
            }
        }
    }

    /** A host name or an IP address (IPv6 with or without brackets). */
    String host(String field, boolean required) {
        return checked(field, required, "host", Formats::isHost, "must be a host name or IP address");
    }

    /** A host name or an IP address, optionally followed by {@code :port} (IPv6 in brackets). */
    String hostPort(String field, boolean required) {
        return checked(field, required, "host-port", Formats::isHostPort, HOST_PORT);
    }

    /** A database or user name: no URL syntax, whitespace or control characters. */
    String objectName(String field, boolean required) {
        return checked(field, required, "name", Formats::isObjectName, "must be 1-" + Formats.MAX_NAME
                + " characters without whitespace, control characters or any of ? & ; / = # % \\");
    }

    /** A string of a grammar; the bad value is not echoed, as it may be an attack on a driver's URL syntax. */
    private String checked(String field, boolean required, String format, Predicate<String> valid,
                           String message) {
        if (describe(field, type("string").put("format", format), required)) {
            return null;
        }
        String value = string(field, required);
        if (value != null && !valid.test(value)) {
            problem(field, message);
            return null;
        }
        return value;
    }

    /** An ISO-8601 instant such as 2024-01-31T12:00:00Z. */
    String dateTime(String field) {
        if (describe(field, type("string").put("format", "date-time"), false)) {
            return null;
        }
        String value = string(field);
        if (value != null) {
            try {
                Instant.parse(value);
            } catch (DateTimeParseException e) {
                problem(field, "must be an ISO-8601 time such as 2024-01-31T12:00:00Z, not '" + value + "'");
                return null;
            }
        }
        return value;
    }

    /** A string of at least {@code minLength} characters (say, a password), never echoed in errors. */
    String secretText(String field, int minLength) {
        if (describe(field, type("string").put("minLength", minLength).put("writeOnly", true), false)) {
            return null;
        }
        String value = string(field);
        if (value != null && value.length() < minLength) {
            problem(field, "must be at least " + minLength + " characters");
        }
        return value;
    }

    /** A number, or a string holding one (alert condition values come both ways). */
    void numberOrString(String field, boolean required) {
        ObjectNode either = JsonNodeFactory.instance.objectNode();
        either.putArray("type").add("number").add("string");
        if (describe(field, either, required)) {
            return;
        }
        JsonNode value = present(field, false);
        boolean numeric = value != null && (value.isNumber() || (value.isTextual() && Formats.isNumber(value.asText())));
        if (!numeric && (value != null || required)) {
            problem(field, value == null ? "is required: a number or a string holding one"
                    : "must be a number or a string holding one");
        }
    }

    /** A string or an object, as Pivot has used both for some fields. */
    void stringOrObject(String field) {
        ObjectNode either = JsonNodeFactory.instance.objectNode(); // oneOf, not "type": [...]: client generators know it
        either.putArray("oneOf").add(type("string")).add(type("object"));
        if (describe(field, either, false)) {
            return;
        }
        JsonNode value = present(field, false);
        if (value != null && !value.isTextual() && !value.isObject()) {
            problem(field, "must be a string or an object");
        }
    }
}
