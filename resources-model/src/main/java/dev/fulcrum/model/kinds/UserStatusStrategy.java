package dev.fulcrum.model.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.ResourceStrategy;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Pivot's user statuses: a user is disabled from the time in {@code disabled}; without it, enabled. */
public final class UserStatusStrategy implements ResourceStrategy {

    @Override
    public void validate(ObjectNode status, Problems problems) {
        String disabled = Fields.of(status, problems).string("disabled");
        if (disabled != null) {
            try {
                Instant.parse(disabled);
            } catch (DateTimeParseException e) {
                problems.add("disabled", "must be an ISO-8601 time such as 2024-01-31T12:00:00Z, not '" + disabled + "'");
            }
        }
    }

    @Override
    public List<Reference> references(ObjectNode status) {
        return List.of(new Reference("users", status.get("name").asText(), "name"));
    }
}
