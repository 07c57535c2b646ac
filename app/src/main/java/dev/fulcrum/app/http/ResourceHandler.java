package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.audit.AuditJson;
import dev.fulcrum.app.engine.DocumentReads;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.engine.WriteOptions;
import dev.fulcrum.app.engine.WriteOutcome;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.HistoryEntry;
import dev.fulcrum.store.HistoryPage;
import dev.fulcrum.store.StoredDocument;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The thin handlers of {@code /api/v1/<resource>}: read path and body, call the engine, write JSON. */
final class ResourceHandler {
    private final Kind kind;
    private final ResourceEngine engine;
    private final RequestBodies bodies;

    ResourceHandler(Kind kind, ResourceEngine engine, RequestBodies bodies) {
        this.kind = kind;
        this.engine = engine;
        this.bodies = bodies;
    }

    void list(Context ctx) {
        ListParameters parameters = ListParameters.of(ctx);
        List<String> documents;
        String paging = "";
        if (parameters.isPlain()) {
            documents = engine.reads().list(kind);
        } else {
            DocumentReads.Page page = engine.reads().list(kind, parameters.filters(), parameters.page(), parameters.perPage(),
                    parameters.after());
            documents = page.documents();
            if (parameters.after() != null) {
                // where the next page starts: the last name of this one, or null when this one is the last
                String next = page.nextAfter() == null ? "null" : JsonResponses.quote(page.nextAfter());
                paging = ",\"perPage\":" + parameters.perPage() + ",\"total\":" + page.total() + ",\"nextAfter\":" + next;
            } else if (parameters.perPage() != null) {
                paging = ",\"page\":" + parameters.page() + ",\"perPage\":" + parameters.perPage() + ",\"total\":" + page.total();
            }
        }
        StringBuilder json = new StringBuilder(64 + documents.stream().mapToInt(String::length).sum() + documents.size());
        json.append("{\"").append(kind.plural()).append("\":[");
        for (int i = 0; i < documents.size(); i++) {
            json.append(i == 0 ? "" : ",").append(documents.get(i));
        }
        JsonResponses.send(ctx, 200, json.append(']').append(paging).append('}').toString());
    }

    void get(Context ctx) {
        StoredDocument document = engine.reads().read(kind, ctx.pathParam("name"));
        ctx.header("ETag", Conditions.etag(document.version()));
        JsonResponses.send(ctx, 200, "{\"" + kind.singular() + "\":" + document.body() + "}");
    }

    void patch(Context ctx) {
        RequestBodies.Wrapped request = bodies.unwrap(ctx, kind);
        WriteOptions options = Conditions.of(ctx).withRequestOptions(request.options());
        respond(ctx, engine.patch(kind, ctx.pathParam("name"), request.document(), options));
    }

    void createOrReplace(Context ctx) {
        write(ctx, null);
    }

    void update(Context ctx) {
        write(ctx, ctx.pathParam("name"));
    }

    void usedBy(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode usedBy = body.putArray("usedBy");
        for (DocumentKey key : engine.reads().usedBy(kind, ctx.pathParam("name"))) {
            usedBy.addObject().put("resource", key.resource()).put("name", key.name());
        }
        JsonResponses.send(ctx, 200, body);
    }

    void delete(Context ctx) {
        engine.delete(kind, ctx.pathParam("name"), Conditions.of(ctx));
        JsonResponses.send(ctx, 200, "{\"status\":\"ok\",\"message\":\"Deleted successfully\"}");
    }

    private void write(Context ctx, String urlName) {
        RequestBodies.Wrapped request = bodies.unwrap(ctx, kind);
        WriteOptions options = Conditions.of(ctx).withRequestOptions(request.options());
        respond(ctx, engine.write(kind, request.document(), urlName, options));
    }

    void history(Context ctx) {
        ListParameters parameters = ListParameters.paging(ctx);
        HistoryPage history = engine.history().page(kind, ctx.pathParam("name"), parameters.page(), parameters.perPage());
        StringBuilder json = new StringBuilder("{\"history\":[");
        for (int i = 0; i < history.entries().size(); i++) {
            json.append(i == 0 ? "" : ",").append(historyJson(history.entries().get(i)));
        }
        json.append("],\"page\":").append(parameters.page()).append(",\"perPage\":").append(parameters.perPage())
                .append(",\"total\":").append(history.total()).append('}');
        JsonResponses.send(ctx, 200, json.toString());
    }

    void historyVersion(Context ctx) {
        JsonResponses.send(ctx, 200, historyJson(engine.history().entry(kind, ctx.pathParam("name"), version(ctx))));
    }

    void restore(Context ctx) {
        bodies.requireNone(ctx);
        long version = version(ctx);
        WriteOptions options = Conditions.of(ctx);
        WriteOutcome outcome = engine.history().restore(kind, ctx.pathParam("name"), version, options);
        respond(ctx, outcome, outcome.wrote()
                ? "Restored version " + version + " as version " + outcome.version()
                : "Version " + version + " is what version " + outcome.version() + " holds already; nothing was written");
    }

    /** A history entry: its version, change, time and author, and the document as it was (secrets masked). */
    private String historyJson(HistoryEntry entry) {
        return "{\"version\":" + entry.version() + ",\"change\":\"" + entry.change() + "\",\"changedAt\":\""
                + entry.changedAt() + "\",\"changedBy\":" + AuditJson.actor(entry.actor()) + ",\"" + kind.singular()
                + "\":" + entry.body() + "}";
    }

    private static long version(Context ctx) {
        String text = ctx.pathParam("version");
        try {
            long version = Long.parseLong(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidException("the version must be a whole number from 1, not '" + text + "'");

    }

    private void respond(Context ctx, WriteOutcome outcome) {
        respond(ctx, outcome, outcome.created() ? "Created successfully" : "Updated successfully");
    }

    /** Pivot's answer to a write, after what the kind's after-commit hook added (such as {@code sendEmailStatus}). */
    private void respond(Context ctx, WriteOutcome outcome, String message) {
        StringBuilder json = new StringBuilder(outcome.body().length() + 128).append('{');
        for (Map.Entry<String, String> extra : outcome.effects().entrySet()) {
            json.append(JsonResponses.quote(extra.getKey())).append(':').append(JsonResponses.quote(extra.getValue())).append(',');
        }
        json.append("\"status\":\"ok\",\"message\":").append(JsonResponses.quote(message))
                .append(",\"").append(kind.singular()).append("\":").append(outcome.body()).append('}');
        ctx.header("ETag", Conditions.etag(outcome.version()));
        JsonResponses.send(ctx, 200, json.toString());
    }
}
