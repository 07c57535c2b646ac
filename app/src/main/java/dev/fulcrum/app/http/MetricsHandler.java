package dev.fulcrum.app.http;

import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.metrics.Metrics;
import dev.fulcrum.app.metrics.RequestMeters;
import dev.fulcrum.model.Access.Verb;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/**
 * When metrics are on: {@code GET /metrics} for tokens whose role has ReadMetrics (checked by the {@link ApiGate}'s
 * token check and the permission rule {@link AccessPolicy#METRICS}, as a scrape job's bearer token is), and the
 * timing of every request the router answered, by the template of the route that matched.
 */
final class MetricsHandler {
    static final String PATH = "/metrics";
    private final ApiGate gate;
    private final Metrics metrics;
    private final RequestMeters meters;

    MetricsHandler(ApiGate gate, Metrics metrics) {
        this.gate = gate;
        this.metrics = metrics;
        this.meters = metrics.requests();
    }

    void scrape(Context ctx) {
        Principal principal = gate.authenticate(ctx);
        AccessPolicy.requireAny(principal, AccessPolicy.METRICS_RESOURCE, AccessPolicy.METRICS, Verb.READ);
        ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
    }

    /**
     * Javalin's request logger: called once the answer is written, with Javalin's measure of the request. A request
     * the {@link ApiGate} refused never reached a route: it is {@link RequestMeters#NOT_ROUTED} unless it is a 404.
     */
    void timed(Context ctx, Float millis) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        int status = ctx.statusCode();
        String route = matched != null ? matched.path
                : status == 404 || status == 405 ? RequestMeters.NOT_FOUND : RequestMeters.NOT_ROUTED;
        meters.request(ctx.method().name(), route, status, (long) (millis * 1_000_000));
    }
}
