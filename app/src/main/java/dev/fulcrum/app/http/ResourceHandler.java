package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.audit.AuditJson;
import dev.fulcrum.app.engine.DocumentNames;
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
    private final ListIncludes includes;
    /** What a list's answer takes of the heap: one too large is refused, asking for pages. */
    private final HeapBudget budget;
    private final WatchHandler watch;

    ResourceHandler(Kind kind, ResourceEngine engine, RequestBodies bodies, ListIncludes includes, WatchHandler watch,
                    HeapBudget budget) {
        this.budget = budget;
        this.kind = kind;
        this.engine = engine;
        this.bodies = bodies;
        this.includes = includes;
        this.watch = watch;
    }

    void list(Context ctx) throws Exception {
        if (WatchHandler.asks(ctx)) {
            watch.kind(ctx, kind);
            return;
        }
        ListParameters parameters = ListParameters.of(ctx);
        List<ListIncludes.Include> included = includes.resolve(kind, parameters.include());
        String pageInstead = "ask for pages: ?per_page=20&page=2 (and so on), or ?after=<the last name of the page"
                + " before>&per_page=20" + (parameters.perPage() == null ? "" : "; a smaller per_page");
        budget.takeAnswer(ctx, () -> parameters.isPlain() ? engine.reads().bodyBytes(kind, Map.of(), 1, null, null)
                : engine.reads().bodyBytes(kind, parameters.filters(), parameters.page(), parameters.perPage(),
                parameters.after()), pageInstead);
        DocumentReads.Page page;
        String paging = "";
        if (parameters.isPlain()) {
            page = engine.reads().all(kind);
        } else {
            page = engine.reads().list(kind, parameters.filters(), parameters.page(), parameters.perPage(), parameters.after());
            if (parameters.after() != null) {
                // where the next page starts: the last name of this one, or null when this one is the last
                String next = page.nextAfter() == null ? "null" : JsonResponses.quote(page.nextAfter());
                paging = ",\"perPage\":" + parameters.perPage() + ",\"total\":" + page.total() + ",\"nextAfter\":" + next;
            } else if (parameters.perPage() != null) {
                paging = ",\"page\":" + parameters.page() + ",\"perPage\":" + parameters.perPage() + ",\"total\":" + page.total();
            }
        }
        List<String> documents = page.documents();
        StringBuilder json = new StringBuilder(64 + documents.stream().mapToInt(String::length).sum() + documents.size());
        json.append("{\"").append(kind.plural()).append("\":[");
        for (int i = 0; i < documents.size(); i++) {
            json.append(i == 0 ? "" : ",").append(documents.get(i));
        }
        json.append(']').append(paging);
        for (ListIncludes.Include include : included) {
            json.append(',').append(JsonResponses.quote(include.key())).append(':')
                    .append(Json.write(include.values().apply(page.names())));
        }
        JsonResponses.send(ctx, 200, json.append('}').toString());
    }

    void get(Context ctx) throws Exception {
        if (WatchHandler.asks(ctx)) {
            String name = ctx.pathParam("name");
            DocumentNames.requireValid(kind, name);
            watch.document(ctx, kind, name);
            return;
        }
        StoredDocument document = engine.reads().read(kind, ctx.pathParam("name"));
        ctx.header("ETag", Conditions.etag(document.version()));
        JsonResponses.send(ctx, 200, "{\"" + kind.singular() + "\":" + document.body() + "}");
    }

    void patch(Context ctx) {
        RequestBodies.Wrapped request = bodies.unwrap(ctx, kind);
        WriteOptions options = Conditions.of(ctx).withRequestOptions(request.options());
        respond(ctx, engine.patch(kind, ctx.pathParam("name"), request.document(), options), 200, options,
                "Updated successfully");
    }

    void createOrReplace(Context ctx) {
        write(ctx, null, false);
    }

    /** {@code POST /<res>/<name>}: updates an existing document, as Pivot's does (404 when absent). */
    void update(Context ctx) {
        write(ctx, ctx.pathParam("name"), false);
    }

    /** {@code PUT /<res>/<name>}: updates, or creates when absent (a 201), as Kafka Connect's connector config does. */
    void put(Context ctx) {
        write(ctx, ctx.pathParam("name"), true);
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
        WriteOptions options = Conditions.of(ctx);
        engine.delete(kind, ctx.pathParam("name"), options);
        Conditions.markDryRun(ctx, options.dryRun());
        JsonResponses.send(ctx, 200, "{\"status\":\"ok\",\"message\":\"Deleted successfully\""
                + (options.dryRun() ? ",\"dryRun\":true}" : "}"));
    }

    private void write(Context ctx, String urlName, boolean createIfAbsent) {
        RequestBodies.Wrapped request = bodies.unwrap(ctx, kind);
        WriteOptions options = Conditions.of(ctx).withRequestOptions(request.options());
        if (createIfAbsent) {
            options = options.creatingIfAbsent();
        }
        WriteOutcome outcome = engine.write(kind, request.document(), urlName, options);
        respond(ctx, outcome, options.status(outcome.created()), options,
                outcome.created() ? "Created successfully" : "Updated successfully");
    }

    void history(Context ctx) {
        ListParameters parameters = ListParameters.paging(ctx);
        budget.takeAnswer(ctx, () -> engine.history().pageBytes(kind, ctx.pathParam("name"), parameters.page(),
                parameters.perPage()), "ask for smaller pages of the history: ?per_page=2&page=1 (and so on)");
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
        respond(ctx, outcome, 200, options, outcome.wrote()
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
        throw new InvalidException("the version must be a whole number from 1, not '" + QueryParameters.clip(text) + "'");

    }

    /**
     * Pivot's answer to a write, after what the kind's after-commit hook added (such as {@code sendEmailStatus}), and
     * {@code "dryRun": true} after the message when nothing was stored.
     */
    private void respond(Context ctx, WriteOutcome outcome, int status, WriteOptions options, String message) {
        StringBuilder json = new StringBuilder(outcome.body().length() + 128).append('{');
        for (Map.Entry<String, String> extra : outcome.effects().entrySet()) {
            json.append(JsonResponses.quote(extra.getKey())).append(':').append(JsonResponses.quote(extra.getValue())).append(',');
        }
        json.append("\"status\":\"ok\",\"message\":").append(JsonResponses.quote(message));
        if (options.dryRun()) {
            json.append(",\"dryRun\":true");
        }
        json.append(",\"").append(kind.singular()).append("\":").append(outcome.body()).append('}');
        ctx.header("ETag", Conditions.etag(outcome.version()));
        Conditions.markDryRun(ctx, options.dryRun());
        JsonResponses.send(ctx, status, json.toString());
    }
}
