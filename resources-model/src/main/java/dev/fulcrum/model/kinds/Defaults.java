package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for filling in defaults without ever overwriting what the client gave. */
final class Defaults {
    private Defaults() {
    }

    static void putIfAbsent(ObjectNode object, String field, String value) {
        if (!object.has(field)) {
            object.put(field, value);
        }
    }

    /**
     * Fills {@code defaults} (field, value pairs) in where absent and puts the {@code leading} field and
     * those fields first, in that order, as Pivot prints them; other fields follow in their given order.
     */
    static void inOrder(ObjectNode object, String leading, String... defaults) {
        Map<String, JsonNode> rest = new LinkedHashMap<>();
        object.properties().forEach(entry -> rest.put(entry.getKey(), entry.getValue()));
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        ordered.put(leading, rest.remove(leading));
        for (int i = 0; i < defaults.length; i += 2) {
            JsonNode given = rest.remove(defaults[i]);
            ordered.put(defaults[i], given != null ? given : object.textNode(defaults[i + 1]));
        }
        ordered.putAll(rest);
        object.removeAll();
        object.setAll(ordered);
    }
}
