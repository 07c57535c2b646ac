package dev.fulcrum.app.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.store.Actor;
import dev.fulcrum.store.AuditEntry;

/** The JSON form of an audit entry, the same in {@code GET /api/v1/audit} and in the JSON-lines file. */
public final class AuditJson {
    private AuditJson() {
    }

    public static ObjectNode of(AuditEntry entry) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", String.valueOf(entry.id()));
        json.put("time", entry.occurredAt().toString());
        json.set("actor", caller(entry.actor()));
        json.put("clientAddress", entry.clientAddress());
        json.put("method", entry.method());
        json.put("path", entry.path());
        json.put("resource", entry.resource());
        json.put("name", entry.name());
        json.put("status", entry.status());
        json.put("count", entry.count());
        ArrayNode fields = json.putArray("changedFields");
        entry.changedFields().forEach(fields::add);
        json.put("requestId", entry.requestId());
        return json;
    }

    /**
     * Who sent an audited request: {@code {"token": ..., "tokenId": ..., "user": ...}}, each only when known; empty for a request
     * refused before its token was known (the server's own changes are not audited as requests).
     */
    static ObjectNode caller(Actor actor) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        if (actor.token() != null) {
            json.put("token", actor.token());
        }
        if (actor.tokenId() != null) {
            json.put("tokenId", actor.tokenId());
        }
        if (actor.user() != null) {
            json.put("user", actor.user());
        }
        return json;
    }

    /** Who made a change in the history: {@code {"token": ..., "tokenId": ..., "user": ...}}, or {@code {"system": true}}. */
    public static ObjectNode actor(Actor actor) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        if (actor.isSystem()) {
            return json.put("system", true);
        }
        if (actor.token() != null) {
            json.put("token", actor.token());
        }
        if (actor.tokenId() != null) {
            json.put("tokenId", actor.tokenId());
        }
        if (actor.user() != null) {
            json.put("user", actor.user());
        }
        return json;
    }
}
