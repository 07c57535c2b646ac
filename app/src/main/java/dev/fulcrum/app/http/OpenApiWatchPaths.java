package dev.fulcrum.app.http;

import static dev.fulcrum.app.http.OpenApiDocument.headerParameter;
import static dev.fulcrum.app.http.OpenApiDocument.operation;
import static dev.fulcrum.app.http.OpenApiDocument.queryParameter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;

/**
 * The part of the API description for the watch streams: {@code ?watch=true} on each kind's list and document, and
 * {@code /api/v1/watch}. OpenAPI 3.1 has no schema for the events of a stream, so the {@code text/event-stream}
 * answer is a string whose description says what each event holds.
 */
final class OpenApiWatchPaths {
    private static final String STREAM = "A Server-Sent Events stream (text/event-stream) of the committed changes the"
            + " caller may read, from now or after the event `since` (or Last-Event-ID) names. Each change is an event"
            + " whose `id:` is its event id (give it back as Last-Event-ID to resume) and whose `data:` is one JSON object:"
            + " `{\"type\": \"ADDED\"|\"MODIFIED\"|\"DELETED\", \"resource\", \"name\", \"version\", \"changedAt\","
            + " \"<one>\": document}`, the document as a GET answers it (secrets masked; a delete's as it was). Comment"
            + " lines (`: heartbeat`) keep an idle stream open. A stream the server ends gets one `event: error` whose"
            + " data is `{\"error\": \"...\", \"status\": N}`: 410 when the event to resume after is unknown or pruned"
            + " (read the documents again and watch from now), 401 when the token stops working, 403 when its role may no"
            + " longer read what a kind's or a document's stream watches, 503 when the client did"
            + " not keep up or the server stops (resume with Last-Event-ID).";

    private OpenApiWatchPaths() {
    }

    /** {@code ?watch=true} on a kind's list or on one document: a second answer of its GET. */
    static void addToRead(ObjectNode get, String changesOf) {
        ArrayNode parameters = get.has("parameters") ? (ArrayNode) get.get("parameters") : get.putArray("parameters");
        parameters.add(queryParameter("watch", "boolean", "true: instead of the answer, a stream of the changes of "
                + changesOf + " (text/event-stream; see the 200 answer); takes only `since` beside it"));
        addStreamParameters(parameters);
        ((ObjectNode) get.get("responses").get("200").get("content")).set("text/event-stream", stream());
        ((ObjectNode) get.get("responses")).putObject("503").put("$ref", "#/components/responses/503");
    }

    /** {@code GET /api/v1/watch}: every kind the caller may read. */
    static void addTo(ObjectNode paths) {
        ObjectNode ok = Json.MAPPER.createObjectNode().put("description", "The stream");
        ok.putObject("content").set("text/event-stream", stream());
        ObjectNode watch = operation(paths.putObject("/api/v1/watch"), "get",
                "A stream of the changes of every kind the caller may read", ok, "400", "401", "503");
        addStreamParameters(watch.putArray("parameters"));
    }

    private static void addStreamParameters(ArrayNode parameters) {
        ObjectNode since = queryParameter("since", "integer", "The event id to resume after (0: from the first event"
                + " kept); without it, the stream starts now");
        ((ObjectNode) since.get("schema")).put("format", "int64").put("minimum", 0);
        parameters.add(since);
        parameters.add(headerParameter("Last-Event-ID", "The event id to resume after, as an EventSource sends it when"
                + " it reconnects; wins over `since`"));
    }

    private static ObjectNode stream() {
        ObjectNode media = Json.MAPPER.createObjectNode();
        media.putObject("schema").put("type", "string").put("description", STREAM);
        return media;
    }
}
