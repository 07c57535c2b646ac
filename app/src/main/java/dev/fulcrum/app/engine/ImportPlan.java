package dev.fulcrum.app.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.FieldError;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an import does, or would do, with each document of a bundle, in the order it takes them.
 *
 * @param items      one per document of the bundle
 * @param onExisting what it does with a document that exists and differs
 * @param dryRun     true when nothing was stored
 */
public record ImportPlan(List<Item> items, BundleImporter.OnExisting onExisting, boolean dryRun) {
    /** An answer lists at most this many documents of each action, so that its size is bounded. */
    public static final int SHOWN_PER_ACTION = 100;

    /** What happens to one document. */
    public enum Action {
        CREATE, UPDATE, UNCHANGED, SKIP, CONFLICT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One document: where it is in the bundle, what happens to it and why. {@code outcome} is the stored
     * result of a create or update that was committed, else null; {@code invalid} tells a conflict that
     * comes from the document itself from one with what is stored.
     */
    public record Item(String resource, String name, String path, Action action, String reason,
                       List<FieldError> details, boolean invalid, WriteOutcome outcome) {
    }

    public long count(Action action) {
        return items.stream().filter(item -> item.action() == action).count();
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("dryRun", dryRun).put("onExisting", onExisting.name().toLowerCase(Locale.ROOT));
        ObjectNode summary = json.putObject("summary");
        for (Action action : Action.values()) {
            summary.put(action.label(), count(action));
        }
        ArrayNode documents = json.putArray("documents");
        Map<Action, Integer> shown = new EnumMap<>(Action.class);
        for (Item item : items) {
            if (shown.merge(item.action(), 1, Integer::sum) > SHOWN_PER_ACTION) {
                continue;
            }
            ObjectNode document = documents.addObject().put("resource", item.resource()).put("name", item.name())
                    .put("action", item.action().label());
            if (item.reason() != null) {
                document.put("reason", item.reason());
            }
            if (!item.details().isEmpty()) {
                ArrayNode details = document.putArray("details");
                item.details().forEach(error -> details.addObject().put("path", error.path()).put("message", error.message()));
            }
        }
        if (shown.values().stream().anyMatch(count -> count > SHOWN_PER_ACTION)) {
            json.put("documentsShown", "the first " + SHOWN_PER_ACTION + " documents of each action; summary counts them all");
        }
        return json;
    }
}
