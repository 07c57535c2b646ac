package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Pivot's user statuses: a user is disabled from the time in {@code disabled}; without it, enabled. */
public final class UserStatusStrategy implements ResourceStrategy {

    /** The user of the same name, disabled since January 2024. */
    @Override
    public ObjectNode example(String name) {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("disabled", "2024-01-31T12:00:00Z");
    }

    @Override
    public void validate(ObjectNode status, Problems problems) {
        Fields.of(status, problems).dateTime("disabled");
    }

    @Override
    public Set<String> referencedResources() {
        return Set.of("users");
    }

    @Override
    public List<Reference> references(ObjectNode status) {
        return List.of(new Reference("users", status.path("name").asText(), "name"));
    }

    /** Whether a user-status document disables its user at {@code now}. */
    public static boolean disables(JsonNode status, Instant now) {
        Instant from = disabledFrom(status);
        return from != null && !from.isAfter(now);
    }

    /** From when a user-status document disables its user (perhaps still to come); null when it does not. */
    public static Instant disabledFrom(JsonNode status) {
        JsonNode disabled = status.path("disabled");
        return disabled.isTextual() ? Instant.parse(disabled.asText()) : null;
    }
}
