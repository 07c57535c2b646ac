package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.audit.AuditJson;
import dev.fulcrum.app.audit.AuditQueue;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;
import dev.fulcrum.store.AuditQuery;
import dev.fulcrum.store.AuditStore;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/audit}: the audit log, newest first, filtered and paged by cursor; and the recording of
 * refused requests, which runs after every /api/v1 request (and {@code GET /metrics}).
 */
final class AuditHandler {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** The request attribute with which a handler names what it created when the path does not. */
    static final String NAME = "fulcrum.audit.name";
    /** The request attribute with which a handler asks for a request to be audited, with these field names. */
    static final String FIELDS = "fulcrum.audit.fields";
    private static final Pattern CHANGES_OUTSIDE_DOCUMENTS = Pattern.compile(
            "POST /api/v1/api-tokens|DELETE /api/v1/api-tokens/[^/]+|POST /api/v1/connections/[^/]+/(start|stop|fail)");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Set<String> PARAMETERS = Set.of("resource", "name", "actor", "since", "until", "cursor", "limit", "pretty");
    private final AuditStore store;
    private final AuditQueue auditQueue;

    AuditHandler(AuditStore store, AuditQueue auditQueue) {
        this.store = store;
        this.auditQueue = auditQueue;
    }

    void list(Context ctx) {
        for (String parameter : ctx.queryParamMap().keySet()) {
            if (!PARAMETERS.contains(parameter)) {
                throw new InvalidException("unknown parameter '" + parameter + "'; the audit log is filtered by "
                        + "resource, name, actor, since and until, and paged with cursor and limit");
            }
        }
        int limit = limit(ctx.queryParam("limit"));
        AuditQuery query = new AuditQuery(ctx.queryParam("resource"), ctx.queryParam("name"), ctx.queryParam("actor"),
                instant("since", ctx.queryParam("since")), instant("until", ctx.queryParam("until")),
                cursor(ctx.queryParam("cursor")), limit + 1);
        List<AuditEntry> entries = store.query(query);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode audit = body.putArray("audit");
        entries.stream().limit(limit).map(AuditJson::of).forEach(audit::add);
        if (entries.size() > limit) {
            body.put("nextCursor", String.valueOf(entries.get(limit - 1).id()));
        } else {
            body.putNull("nextCursor");
        }
        JsonResponses.send(ctx, 200, body);
    }

    /**
     * After every /api/v1 request: a refusal (401, 403, 429) is recorded, and so is a change that is not a document's
     * (the engine records those in their own transaction): API tokens created or revoked, connections started,
     * stopped or failed. A handler may name what it changed with the {@link #NAME} attribute.
     */
    void record(Context ctx) {
        int status = ctx.statusCode();
        String method = ctx.method().name();
        boolean refused = status == 401 || status == 403 || status == 429; // 429: a throttled password check
        List<String> fields = ctx.attribute(FIELDS);
        if (!refused && fields == null && (status != 200 || method.equals("GET") || method.equals("HEAD"))) {
            return; // the common case, a read or a document write the engine audited: no parsing of the path
        }
        record(Origins.actor(ctx), ctx.ip(), method, ctx.path(), status, fields, ctx.attribute(NAME), RequestIds.of(ctx));
    }

    /** Records a request refused before it reached the router ({@link ApiDoor}): no caller is known. */
    void recordRefusedAtTheDoor(String address, String method, String path, int status, String requestId) {
        record(new Actor(null, null), address, method, path, status, null, null, requestId);
    }

    private void record(Actor actor, String address, String method, String path, int status, List<String> fields,
                        String named, String requestId) {
        boolean refused = status == 401 || status == 403 || status == 429;
        // decoded as the router and the gate decode them: /api/v1/%75sers/%61lice is users/alice
        String[] segments = path.split("/");
        if (!refused && fields == null) { // then only a change outside documents is recorded: the whole path decoded
            String[] decoded = new String[segments.length];
            for (int i = 0; i < segments.length; i++) {
                decoded[i] = ApiGate.decode(segments[i]);
            }
            if (!(status == 200 && CHANGES_OUTSIDE_DOCUMENTS.matcher(method + " " + String.join("/", decoded)).matches())) {
                return;
            }
        }
        String resource = segments.length > 3 ? clip(ApiGate.decode(segments[3]), 64) : null;
        String name = named != null ? named : segments.length > 4 ? ApiGate.decode(segments[4]) : null;
        auditQueue.add(new AuditEntry(0, Instant.now(), actor, address, HttpMethods.named(method), clip(path, 1000),
                resource, name == null ? null : clip(name, 200), status, fields == null ? List.of() : fields,
                requestId));
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidException("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", not '" + QueryParameters.clip(text) + "'");
    }

    private static Long cursor(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidException("'cursor' must be the nextCursor of a previous page, not '" + QueryParameters.clip(text) + "'");
        }
    }

    private static Instant instant(String name, String text) {
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidException("'" + name + "' must be a time such as 2026-11-25T10:00:00Z, not '" + QueryParameters.clip(text) + "'");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidException("'" + name + "' must be between the years 1 and 9999");
        }
        return instant;
    }
}
