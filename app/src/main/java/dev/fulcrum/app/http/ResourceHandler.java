package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.engine.WriteOptions;
import dev.fulcrum.app.engine.WriteOutcome;
import dev.fulcrum.app.tokens.AccessPolicy;
import dev.fulcrum.app.tokens.Principal;
import dev.fulcrum.model.Kind;
import dev.fulcrum.store.DocumentKey;
import dev.fulcrum.store.StoredDocument;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The thin handlers of {@code /api/v1/<resource>}: read path and body, call the engine, write JSON. */
final class ResourceHandler {
    private final Kind kind;
    private final ResourceEngine engine;
    private final RequestBodies bodies;
    private final List<WriteListener> listeners;

    ResourceHandler(Kind kind, ResourceEngine engine, RequestBodies bodies, List<WriteListener> listeners) {
        this.kind = kind;
        this.engine = engine;
        this.bodies = bodies;
        this.listeners = listeners;
    }

    void list(Context ctx) {
        ListParameters parameters = ListParameters.of(ctx);
        List<String> documents;
        String paging = "";
        if (parameters.isPlain()) {
            documents = engine.list(kind);
        } else {
            ResourceEngine.Page page = engine.list(kind, parameters.filters(), parameters.page(), parameters.perPage());
            documents = page.documents();
            if (parameters.perPage() != null) {
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
        StoredDocument document = engine.read(kind, ctx.pathParam("name"));
        ctx.header("ETag", Conditions.etag(document.version()));
        JsonResponses.send(ctx, 200, "{\"" + kind.singular() + "\":" + document.body() + "}");
    }

    void patch(Context ctx) {
        RequestBodies.Wrapped request = bodies.unwrap(ctx, kind);
        WriteOptions options = options(ctx);
        respond(ctx, request, engine.patch(kind, ctx.pathParam("name"), request.document(), options), options);
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
        for (DocumentKey key : engine.usedBy(kind, ctx.pathParam("name"))) {
            usedBy.addObject().put("resource", key.resource()).put("name", key.name());
        }
        JsonResponses.send(ctx, 200, body);
    }

    void delete(Context ctx) {
        engine.delete(kind, ctx.pathParam("name"), options(ctx));
        JsonResponses.send(ctx, 200, "{\"status\":\"ok\",\"message\":\"Deleted successfully\"}");
    }

    private void write(Context ctx, String urlName) {
        RequestBodies.Wrapped request = bodies.unwrap(ctx, kind);
        WriteOptions options = options(ctx);
        respond(ctx, request, engine.write(kind, request.document(), urlName, options), options);
    }

    /** The request's conditions, and the caller's permissions checked against the stored and the new document. */
    private WriteOptions options(Context ctx) {
        Principal principal = ApiGate.principal(ctx);
        return Conditions.of(ctx).guardedBy((before, after) ->
                AccessPolicy.requireForDocument(principal, kind.resource(), before, after));
    }

    private void respond(Context ctx, RequestBodies.Wrapped request, WriteOutcome outcome, WriteOptions options) {
        StringBuilder json = new StringBuilder(outcome.body().length() + 128).append('{');
        // a dry run has no effects: no e-mail, no connection restart
        for (WriteListener listener : options.dryRun() ? List.<WriteListener>of() : listeners) {
            for (Map.Entry<String, String> extra : listener.afterWrite(kind, outcome, request.body()).entrySet()) {
                json.append(JsonResponses.quote(extra.getKey())).append(':').append(JsonResponses.quote(extra.getValue())).append(',');
            }
        }
        json.append("\"status\":\"ok\",\"message\":\"")
                .append(outcome.created() ? "Created successfully" : "Updated successfully")
                .append("\",\"").append(kind.singular()).append("\":").append(outcome.body()).append('}');
        ctx.header("ETag", Conditions.etag(outcome.version()));
        JsonResponses.send(ctx, 200, json.toString());
    }
}
