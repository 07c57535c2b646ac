package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.connections.ConnectionMonitor;
import dev.fulcrum.app.connections.ConnectionTester;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.NotFoundException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * What connections do beyond being stored: test one (saved, or from a body before saving), and its
 * lifecycle state: status, start, stop, fail. Actions with effects are POSTs. (Writing a connection restarts its
 * monitoring: the connections' after-commit hook.)
 */
final class ConnectionsHandler {
    private final ResourceEngine engine;
    private final RequestBodies bodies;
    private final ConnectionTester tester;
    private final ConnectionMonitor monitor;

    /** @param tester null when config.yaml sets {@code allowConnectionTests: false} */
    ConnectionsHandler(ResourceEngine engine, RequestBodies bodies, ConnectionTester tester, ConnectionMonitor monitor) {
        this.engine = engine;
        this.bodies = bodies;
        this.tester = tester;
        this.monitor = monitor;
    }

    void testSaved(Context ctx) {
        requireTests();
        String name = ctx.pathParam("name");
        engine.reads().read(Kinds.CONNECTIONS, name); // 400 or 404 as for any read
        ResourceEngine.WithSecrets connection = engine.withSecrets(Kinds.CONNECTIONS, name).orElseThrow(NotFoundException::new);
        JsonResponses.send(ctx, 200, tester.test(connection.document(), connection.secrets()).toJson());
    }

    void testUnsaved(Context ctx) {
        requireTests();
        ObjectNode connection = bodies.unwrap(ctx, Kinds.CONNECTIONS).document();
        if (!connection.has("name")) {
            connection.put("name", "unsaved");
        }
        engine.validateOnly(Kinds.CONNECTIONS, connection);
        ObjectNode secrets = Json.MAPPER.createObjectNode();
        connection.remove("secureJsonData"); // no probe reads it; it stays out of the public form all the same
        for (String field : Kinds.CONNECTIONS.strategy().secretFields()) {
            if (connection.has(field)) {
                secrets.set(field, connection.remove(field));
            }
        }
        JsonResponses.send(ctx, 200, tester.test(connection, secrets).toJson());
    }

    void status(Context ctx) {
        JsonResponses.send(ctx, 200, state(ctx).status(ctx.pathParam("name")).toJson(ctx.pathParam("name")));
    }

    /**
     * The states of listed connections ({@code ?include=status}), keyed by name, each as {@link #status} answers it:
     * in one read of the stored states, without reading the connections again or probing anything (the list has read
     * them already).
     */
    ObjectNode statuses(List<String> names) {
        if (monitor == null) {
            throw new ForbiddenException("connection tests and monitoring are disabled (allowConnectionTests: false)");
        }
        ObjectNode statuses = Json.MAPPER.createObjectNode();
        Map<String, ConnectionMonitor.Status> known = monitor.known();
        for (String name : names) {
            statuses.set(name, known.getOrDefault(name, ConnectionMonitor.first()).toJson(name));
        }
        return statuses;
    }

    void start(Context ctx) {
        requireTests();
        JsonResponses.send(ctx, 200, state(ctx).start(ctx.pathParam("name")).toJson(ctx.pathParam("name")));
    }

    void stop(Context ctx) {
        JsonResponses.send(ctx, 200, state(ctx).stop(ctx.pathParam("name")).toJson(ctx.pathParam("name")));
    }

    void fail(Context ctx) {
        JsonResponses.send(ctx, 200, state(ctx).fail(ctx.pathParam("name")).toJson(ctx.pathParam("name")));
    }

    private ConnectionMonitor state(Context ctx) {
        if (monitor == null) {
            engine.reads().read(Kinds.CONNECTIONS, ctx.pathParam("name"));
            throw new ForbiddenException("connection tests and monitoring are disabled (allowConnectionTests: false)");
        }
        return monitor;
    }

    private void requireTests() {
        if (tester == null) {
            throw new ForbiddenException("connection tests are disabled (allowConnectionTests: false)");
        }
    }
}
