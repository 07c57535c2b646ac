package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import io.javalin.http.Context;

/**
 * The probes an orchestrator asks, without a token: {@code GET /health/live} (the process answers: always 200) and
 * {@code GET /health/ready} (200 while the server may take traffic, see {@link Readiness}; else 503 with the
 * reason). {@code GET /health} stays what it was: the database and what the start repaired.
 */
final class Probes {
    private final Readiness readiness;

    Probes(Readiness readiness) {
        this.readiness = readiness;
    }

    void live(Context ctx) {
        JsonResponses.send(ctx, 200, Json.MAPPER.createObjectNode().put("status", "ok"));
    }

    void ready(Context ctx) {
        String reason = readiness.notReadyBecause();
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", reason == null ? "ok" : "unavailable");
        if (reason != null) {
            body.put("error", reason);
        }
        JsonResponses.send(ctx, reason == null ? 200 : 503, body);
    }
}
