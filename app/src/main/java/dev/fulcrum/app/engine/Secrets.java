package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.crypto.SecretBox;
import dev.fulcrum.model.Problems;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps a kind's secret fields apart from its public document. In a write, a secret's new value
 * replaces the stored one, {@code "********"} or an absent field keeps it, and {@code null} clears it.
 * The public form shows a set secret as {@code "********"} and omits an unset one, so reads never decrypt.
 * A kind's {@code secureJsonData} is sealed with them, under that key, and shows as {@code secureJsonFields}.
 */
final class Secrets {
    static final String MASK = "********";
    private final SecretBox box;

    Secrets(SecretBox box) {
        this.box = box;
    }

    /**
     * Moves the secret fields out of {@code document} (leaving masks if {@code mask}) and returns them
     * sealed, or null when no secret is set.
     */
    String split(Set<String> secretFields, ObjectNode document, String previousSealed, boolean mask,
                 Set<String> changedDestinations, Problems problems) {
        return split(secretFields, false, document, previousSealed, mask, changedDestinations, problems);
    }

    /**
     * As {@link #split(Set, ObjectNode, String, boolean, Set, Problems)}, and with {@code secureJsonData} also its
     * values, sealed under that key beside the secret fields: each key given replaces or ({@code null}) clears the
     * stored one, a key left out keeps it. The document keeps only {@code secureJsonFields}, recomputed from what is
     * stored (a client's own is dropped), and left out when no value is set.
     */
    String split(Set<String> secretFields, boolean secureJsonData, ObjectNode document, String previousSealed, boolean mask,
                 Set<String> changedDestinations, Problems problems) {
        if (secretFields.isEmpty() && !secureJsonData) {
            return null;
        }
        ObjectNode previous = previousSealed == null ? null : open(previousSealed);
        JsonNode givenData = secureJsonData ? document.remove(UndeclaredSecrets.DATA) : null;
        if (previous != null && !changedDestinations.isEmpty()) {
            String because = " because " + String.join(", ", changedDestinations)
                    + " changed: a stored secret only goes where it went before";
            for (String field : secretFields) {
                JsonNode given = document.get(field);
                boolean kept = given == null || (given.isTextual() && MASK.equals(given.asText()));
                if (kept && previous.has(field)) {
                    problems.add(field, "must be sent again (or null to clear it)" + because);
                }
            }
            if (secureJsonData) {
                previous.path(UndeclaredSecrets.DATA).fieldNames().forEachRemaining(key -> {
                    if (givenData == null || !givenData.has(key)) {
                        problems.add(UndeclaredSecrets.DATA + "." + key, "must be sent again (or null to clear it)" + because);
                    }
                });
            }
            problems.throwIfAny();
        }
        ObjectNode kept = document.objectNode();
        for (String field : secretFields) {
            JsonNode given = document.get(field);
            JsonNode value = given == null || (given.isTextual() && MASK.equals(given.asText()))
                    ? (previous == null ? null : previous.get(field))
                    : given;
            if (value == null || value.isNull()) {
                document.remove(field);
            } else {
                kept.set(field, value);
                if (mask) {
                    document.put(field, MASK);
                } else {
                    document.remove(field);
                }
            }
        }
        if (secureJsonData) {
            document.remove(UndeclaredSecrets.FIELDS);
            TreeMap<String, JsonNode> values = new TreeMap<>();
            if (previous != null && previous.get(UndeclaredSecrets.DATA) instanceof ObjectNode stored) {
                stored.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue()));
            }
            if (givenData instanceof ObjectNode given) {
                given.properties().forEach(entry -> {
                    if (entry.getValue().isNull()) {
                        values.remove(entry.getKey());
                    } else {
                        values.put(entry.getKey(), entry.getValue());
                    }
                });
            }
            if (!values.isEmpty()) {
                ObjectNode sealedValues = kept.putObject(UndeclaredSecrets.DATA);
                ObjectNode fields = document.putObject(UndeclaredSecrets.FIELDS);
                values.forEach((key, value) -> {
                    sealedValues.set(key, value);
                    fields.put(key, true);
                });
            }
        }
        return kept.isEmpty() ? null : box.seal(kept.toString());
    }

    /** The secret fields of a stored document, decrypted; empty when it has none. */
    ObjectNode open(String sealed) {
        if (sealed == null) {
            return Json.MAPPER.createObjectNode();
        }
        return Json.parseStored(box.open(sealed));
    }
}
