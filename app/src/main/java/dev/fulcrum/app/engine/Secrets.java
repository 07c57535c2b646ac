package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.crypto.SecretBox;
import dev.fulcrum.model.Problems;
import java.util.Set;

/**
 * Keeps a kind's secret fields apart from its public document. In a write, a secret's new value
 * replaces the stored one, {@code "********"} or an absent field keeps it, and {@code null} clears it.
 * The public form shows a set secret as {@code "********"} and omits an unset one, so reads never decrypt.
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
        if (secretFields.isEmpty()) {
            return null;
        }
        ObjectNode previous = previousSealed == null ? null : open(previousSealed);
        if (previous != null && !changedDestinations.isEmpty()) {
            for (String field : secretFields) {
                JsonNode given = document.get(field);
                boolean kept = given == null || (given.isTextual() && MASK.equals(given.asText()));
                if (kept && previous.has(field)) {
                    problems.add(field, "must be sent again (or null to clear it) because "
                            + String.join(", ", changedDestinations) + " changed: a stored secret only goes where it went before");
                }
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
