package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/** JSON merge patch (RFC 7396): objects merge, {@code null} removes, anything else replaces. */
final class MergePatch {
    private MergePatch() {
    }

    /**
     * Applies {@code patch} to {@code target}. A top-level secret patched to {@code null} stays an explicit
     * null, which the engine reads as "clear it" (an absent secret would mean "keep it").
     */
    static ObjectNode apply(ObjectNode target, ObjectNode patch, Set<String> secretFields) {
        ObjectNode result = merge(target, patch);
        for (String secret : secretFields) {
            if (patch.has(secret) && patch.get(secret).isNull()) {
                result.putNull(secret);
            }
        }
        return result;
    }

    private static ObjectNode merge(ObjectNode target, ObjectNode patch) {
        ObjectNode result = target.deepCopy();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                result.remove(field.getKey());
            } else if (value.isObject() && result.get(field.getKey()) instanceof ObjectNode existing) {
                result.set(field.getKey(), merge(existing, (ObjectNode) value));
            } else {
                result.set(field.getKey(), value.deepCopy());
            }
        }
        return result;
    }
}
