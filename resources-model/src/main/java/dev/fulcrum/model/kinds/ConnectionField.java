package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One field of a connection type: what it holds, whether it is required or secret, and its default.
 * The connection strategy validates, defaults and describes connections from these, so validation and
 * {@code GET /api/v1/connection-types} cannot drift apart.
 *
 * @param form         {@code string}, {@code integer} (non-negative), {@code boolean}, {@code hosts}
 *                     (non-empty array of host or host:port), {@code enum} (one of {@code choices}) or
 *                     {@code stringOrObject}
 * @param defaultValue the value filled in when the field is absent, or null
 */
public record ConnectionField(String name, String label, String form, boolean required, boolean secret,
                              JsonNode defaultValue, List<String> choices) {

    static ConnectionField text(String name, String label) {
        return new ConnectionField(name, label, "string", false, false, null, List.of());
    }

    static ConnectionField secretText(String name, String label) {
        return new ConnectionField(name, label, "string", false, true, null, List.of());
    }

    ConnectionField asRequired() {
        return new ConnectionField(name, label, form, true, secret, defaultValue, choices);
    }

    ConnectionField defaultingTo(JsonNode value) {
        return new ConnectionField(name, label, form, required, secret, value, choices);
    }

    static ConnectionField of(String name, String label, String form) {
        return new ConnectionField(name, label, form, false, false, null, List.of());
    }

    static ConnectionField choice(String name, String label, List<String> choices) {
        return new ConnectionField(name, label, "enum", false, false, null, List.copyOf(choices));
    }

    /** Reports what is wrong with this field in {@code fields}' object. */
    void check(Fields fields) {
        switch (form) {
            case "string" -> {
                if (required) {
                    fields.requiredString(name);
                } else {
                    fields.string(name);
                }
            }
            case "integer" -> {
                if (fields.integer(name, 0, Integer.MAX_VALUE) == null && required) {
                    fields.requiredString(name);
                }
            }
            case "boolean" -> fields.bool(name);
            case "enum" -> fields.oneOf(name, java.util.Set.copyOf(choices), required);
            case "hosts" -> fields.hosts(name, required);
            case "stringOrObject" -> fields.stringOrObject(name);
            default -> throw new IllegalStateException("unknown field form " + form);
        }
    }
}
