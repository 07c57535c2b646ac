package dev.fulcrum.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Access;
import dev.fulcrum.model.Committed;
import dev.fulcrum.model.Effects;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Permissions;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.Reference;
import dev.fulcrum.model.Registry;
import dev.fulcrum.model.ResourceStrategy;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A tenth kind that only the tests have, written as a new kind would be: this one strategy and one registry line
 * ({@link #REGISTRY}), nothing else. A folder has a title, may name the connection it belongs to, and holds a
 * secret {@code apiKey} that is sent to that connection; its after-commit hook records each committed change.
 */
final class FolderStrategy implements ResourceStrategy {
    static final Kind FOLDERS = new Kind("folders", "folder", "folders", new FolderStrategy(),
            Access.administerOrChange(Permissions.ADMINISTER_DASHBOARDS, Permissions.CHANGE_DASHBOARDS));
    /** The standard kinds and folders. */
    static final Registry REGISTRY = Kinds.STANDARD.with(FOLDERS);
    /** "CREATED name", "UPDATED name", "DELETED name", as the hook saw them, from every test server of this JVM. */
    static final Queue<String> COMMITTED = new ConcurrentLinkedQueue<>();

    /** A folder of the connection druid-main, with its API key. */
    @Override
    public ObjectNode example(String name) {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("title", "Folder")
                .put("connectionName", "druid-main").put("apiKey", "example-api-key-" + name);
    }

    @Override
    public void validate(ObjectNode folder, Problems problems) {
        JsonNode title = folder.get("title");
        if (title == null || !title.isTextual() || title.asText().isBlank()) {
            problems.add("title", "is required and must be a non-empty string");
        }
        for (String field : List.of("connectionName", "apiKey")) {
            if (folder.has(field) && !folder.get(field).isTextual() && !folder.get(field).isNull()) {
                problems.add(field, "must be a string");
            }
        }
    }

    @Override
    public List<Reference> references(ObjectNode folder) {
        return folder.path("connectionName").isTextual()
                ? List.of(new Reference("connections", folder.get("connectionName").asText(), "connectionName")) : List.of();
    }

    @Override
    public Set<String> referencedResources() {
        return Set.of("connections");
    }

    @Override
    public Set<String> secretFields() {
        return Set.of("apiKey");
    }

    @Override
    public Set<String> secretDestinationFields() {
        return Set.of("connectionName");
    }

    @Override
    public Set<String> filterFields() {
        return Set.of("title");
    }

    @Override
    public Map<String, String> afterCommit(Committed write, Effects effects) {
        COMMITTED.add(write.change() + " " + write.name());
        return Map.of();
    }
}
