package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives the bodies of a kind's operations names in {@code components/schemas}, once every operation has its id
 * ({@link OpenApiOperations}): a generated client's model classes are then {@code DataCubeRequest} (the wrapper a
 * write sends), {@code DataCubeRead}, {@code DataCubeWritten} (a write's answer), {@code DataCubeList},
 * {@code DataCubeHistory}, {@code DataCubeVersion}, {@code UsedBy} and {@code Status}, instead of names made up
 * from whichever operation the generator met first ({@code DeleteUser200Response} for every delete). A body that is
 * already a reference, or whose name is taken by a different schema, stays as it is.
 */
final class OpenApiModels {
    private OpenApiModels() {
    }

    static void name(ObjectNode root, List<Kind> kinds) {
        ObjectNode schemas = (ObjectNode) root.path("components").path("schemas");
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            String resource = path.getKey().startsWith("/api/v1/") ? path.getKey().split("/")[3] : "";
            Optional<Kind> kind = kinds.stream().filter(each -> each.resource().equals(resource)).findFirst();
            if (kind.isEmpty()) {
                continue;
            }
            Map<String, String> answers = answers(kind.get());
            for (JsonNode operation : path.getValue()) {
                String id = operation.path("operationId").asText();
                if (!answers.containsKey(id)) {
                    continue;
                }
                String singular = pascal(kind.get().singular());
                name(schemas, operation.path("requestBody").path("content").path("application/json"), singular + "Request");
                operation.path("responses").properties().forEach(response -> {
                    if (response.getKey().startsWith("2")) {
                        name(schemas, response.getValue().path("content").path("application/json"), answers.get(id));
                    }
                });
            }
        }
    }

    /** The name of each operation's answer, by operationId. */
    private static Map<String, String> answers(Kind kind) {
        String singular = pascal(kind.singular());
        Map<String, String> answers = new HashMap<>();
        answers.put("list" + pascal(kind.plural()), singular + "List");
        answers.put("get" + singular, singular + "Read");
        for (String write : new String[] {"create", "update", "replace", "patch"}) {
            answers.put(write + singular, singular + "Written");
        }
        answers.put("restore" + singular + "Version", singular + "Written");
        answers.put("delete" + singular, "Status");
        answers.put("get" + singular + "UsedBy", "UsedBy");
        answers.put("list" + singular + "History", singular + "History");
        answers.put("get" + singular + "Version", singular + "Version");
        return answers;
    }

    private static void name(ObjectNode schemas, JsonNode content, String name) {
        if (!(content instanceof ObjectNode holder) || !holder.has("schema") || holder.get("schema").has("$ref")) {
            return;
        }
        if (!schemas.has(name)) {
            schemas.set(name, holder.get("schema"));
        }
        if (schemas.get(name).equals(holder.get("schema"))) {
            holder.set("schema", Json.MAPPER.createObjectNode().put("$ref", "#/components/schemas/" + name));
        }
    }

    private static String pascal(String camel) {
        return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }
}
