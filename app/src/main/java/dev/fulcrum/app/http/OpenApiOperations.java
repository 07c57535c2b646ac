package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.model.Access.Verb;
import dev.fulcrum.model.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Names every operation of the API description once all paths are written, so that no path needs to: its
 * {@code operationId} (the method name of a generated client, so it must stay stable), its tag (one per resource:
 * the class of a generated client) and its description. An operation on a kind's documents is named from the kind
 * and the verb ({@code listDataCubes}, {@code createDataCube}, {@code getDataCube}, {@code updateDataCube},
 * {@code replaceDataCube}, {@code patchDataCube}, {@code deleteDataCube}, {@code restoreDataCubeVersion}, and for an
 * action under a document {@code <action><Kind>}); its description adds the permissions its verb needs, read off
 * the kind's access rule. The few paths that are no resource have their ids in {@link #FIXED}.
 */
final class OpenApiOperations {
    private static final String API = "/api/v1/";
    /** {@code "<method> <path>"} of the operations that are no verb on a resource. */
    private static final Map<String, String> FIXED = Map.of(
            "get /health", "getHealth",
            "get /health/live", "getLiveness",
            "get /health/ready", "getReadiness",
            "get /api/v1/openapi.json", "getApiDescription",
            "get /api/v1/export", "exportBundle",
            "post /api/v1/import", "importBundle",
            "get /api/v1/watch", "watchChanges",
            "delete /api/v1/api-tokens/{name}", "revokeApiToken");
    /** The verb of a document-level method: {@code POST /<res>/<name>} updates, as in Pivot. */
    private static final Map<String, String> ITEM_VERBS = Map.of(
            "get", "get", "post", "update", "put", "replace", "patch", "patch", "delete", "delete");

    private OpenApiOperations() {
    }

    /** Sets every operation's id, tag and description, and lists the tags at the top of the document. */
    static void name(ObjectNode root, List<Kind> kinds) {
        Map<String, String> tags = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : root.path("paths").properties()) {
            String[] segments = segments(path.getKey());
            Optional<Kind> kind = kinds.stream().filter(each -> each.resource().equals(segments[0])).findFirst();
            String tag = segments[0].replace(".json", "");
            tags.put(tag, kind.map(OpenApiOperations::tagDescription).orElse(null));
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (!(method.getValue() instanceof ObjectNode operation) || method.getKey().equals("parameters")) {
                    continue;
                }
                String id = FIXED.getOrDefault(method.getKey() + " " + path.getKey(),
                        operationId(method.getKey(), segments, kind));
                operation.put("operationId", id);
                operation.putArray("tags").add(tag);
                if (!operation.has("description")) {
                    String permissions = kind.map(each -> permissions(each, method.getKey(), segments)).orElse("");
                    operation.put("description", sentence(operation.path("summary").asText()) + permissions);
                }
            }
        }
        List<ObjectNode> described = new ArrayList<>();
        tags.forEach((tag, description) -> described.add(Json.MAPPER.createObjectNode().put("name", tag)
                .put("description", description != null ? description : descriptionOfFixed(root, tag))));
        root.putArray("tags").addAll(described);
    }

    /** {@code /api/v1/data-cubes/{name}/history} is {@code [data-cubes, {name}, history]}; {@code /health} is {@code [health]}. */
    private static String[] segments(String path) {
        return (path.startsWith(API) ? path.substring(API.length()) : path.substring(1)).split("/");
    }

    /**
     * {@code list<Plural>} and {@code create<Singular>} on a collection; {@link #ITEM_VERBS} on a document;
     * {@code get<Singular><Segments>} for a read under a document and {@code <action><Singular><Segments>} for an
     * action ({@code restoreDataCubeVersion}, {@code startConnection}); an action on the collection itself acts on
     * a document that is not stored ({@code testNewConnection}).
     */
    private static String operationId(String method, String[] segments, Optional<Kind> kind) {
        String singular = kind.map(Kind::singular).orElse(segments[0].replaceAll("s$", ""));
        String plural = kind.map(Kind::plural).orElse(segments[0]);
        if (segments.length == 1) {
            return (method.equals("get") ? "list" + pascal(plural) : "create" + pascal(singular));
        }
        if (segments.length == 2 && segments[1].equals("{name}")) {
            return ITEM_VERBS.get(method) + pascal(singular);
        }
        List<String> words = new ArrayList<>();
        for (int i = 1; i < segments.length; i++) {
            if (segments[i].equals("{version}")) {
                words.set(words.size() - 1, "version"); // history/{version} is one version
            } else if (!segments[i].startsWith("{")) {
                words.add(segments[i]);
            }
        }
        if (method.equals("get")) {
            String read = words.equals(List.of("history")) ? "list" : "get";
            return read + pascal(singular) + pascal(String.join("-", words));
        }
        String action = words.remove(words.size() - 1);
        String unsaved = segments[1].equals("{name}") ? "" : "New";
        return camel(action) + unsaved + pascal(singular) + pascal(String.join("-", words));
    }

    /** Who may call it: the permissions of the kind's access rule for the verb the method is. */
    private static String permissions(Kind kind, String method, String[] segments) {
        boolean collection = segments.length == 1;
        if (method.equals("get")) {
            return " Needs " + anyOf(kind.access().allowing(Verb.READ)) + ".";
        }
        if (!collection && !segments[1].equals("{name}") || segments.length > 2 && !segments[2].equals("history")) {
            return ""; // an action (a connection's test, start, stop; a password check): not a write of the kind
        }
        String own = kind.access().ownerOnly().isEmpty() ? ""
                : "; " + anyOf(kind.access().ownerOnly()) + " also allows it on the caller's own documents";
        if (method.equals("delete")) {
            return " Needs " + anyOf(kind.access().allowing(Verb.DELETE)) + own + ".";
        }
        List<String> update = kind.access().allowing(Verb.UPDATE);
        boolean updateOnly = segments.length == 2 && !method.equals("put"); // POST and PATCH of a document that exists
        List<String> create = updateOnly ? update : kind.access().allowing(Verb.CREATE);
        return (create.equals(update) ? " Needs " + anyOf(create)
                : " Creating needs " + anyOf(create) + ", changing " + anyOf(update)) + own + ".";
    }

    private static String tagDescription(Kind kind) {
        return "The " + kind.singular() + " documents: `{\"" + kind.singular() + "\": {...}}` one at a time, `{\""
                + kind.plural() + "\": [...]}` in a list; their history, what references them.";
    }

    /** A tag of fixed paths is described by its operations' summaries. */
    private static String descriptionOfFixed(ObjectNode root, String tag) {
        List<String> summaries = new ArrayList<>();
        root.path("paths").properties().forEach(path -> {
            if (segments(path.getKey())[0].replace(".json", "").equals(tag)) {
                path.getValue().forEach(operation -> {
                    if (operation.has("summary")) {
                        summaries.add(operation.path("summary").asText());
                    }
                });
            }
        });
        return String.join("; ", summaries);
    }

    private static String anyOf(List<String> permissions) {
        int last = permissions.size() - 1;
        return last == 0 ? permissions.get(0) : String.join(", ", permissions.subList(0, last)) + " or " + permissions.get(last);
    }

    private static String sentence(String summary) {
        return summary.endsWith(".") ? summary : summary + ".";
    }

    /** {@code data-cubes} or {@code dataCube} to {@code DataCubes}, {@code DataCube}. */
    private static String pascal(String words) {
        String camel = camel(words);
        return camel.isEmpty() ? camel : camel.substring(0, 1).toUpperCase(Locale.ROOT) + camel.substring(1);
    }

    private static String camel(String words) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : words.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
