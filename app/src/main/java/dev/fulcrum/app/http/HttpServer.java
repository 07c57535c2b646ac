package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.accounts.Accounts;
import dev.fulcrum.app.audit.AuditQueue;
import dev.fulcrum.app.connections.ConnectionMonitor;
import dev.fulcrum.app.connections.ConnectionTester;
import dev.fulcrum.app.engine.ConsistencyCheck;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.metrics.Metrics;
import dev.fulcrum.app.metrics.RequestMeters;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.app.watch.WatchHub;
import dev.fulcrum.app.web.SignInThrottle;
import dev.fulcrum.app.web.WebUi;
import dev.fulcrum.store.AuditStore;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** Builds the Javalin server: the routes of every kind, the API gate, and the one error mapper. */
public final class HttpServer {
    private HttpServer() {
    }

    /**
     * @param apiEnabled         Pivot's enableApiEndpoint
     * @param maxImportBytes     the body limit of an import, which carries a whole bundle
     * @param sessionIdleTimeout how long a signed-in page session lasts without a request
     * @param maxTokenLifetime   the longest a token may work, or null for no limit
     * @param shutdownGrace      on stop, how long requests in flight may take to finish
     * @param trustedProxies     the proxies whose X-Forwarded-For names the client
     * @param accessLog          whether to log a line per request ({@link AccessLog})
     */
    public record Settings(boolean apiEnabled, long maxBodyBytes, long maxImportBytes, Duration sessionIdleTimeout,
                           Duration maxTokenLifetime, Duration shutdownGrace, List<String> trustedProxies,
                           boolean accessLog) {
    }

    /**
     * Fails when another process holds {@code port}, binding it the way Jetty will (every address, reuse-address);
     * checked before the database is opened, so that a start that cannot serve leaves no files behind. (Another
     * process may still take the port in between: Javalin's own bind error then says the same.)
     */
    public static void ensurePortFree(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new PortInUseException(port);
        }
    }

    /** The one query parameter of document writes beside ?pretty (see {@link QueryParameters}). */
    private static final String DRY_RUN = "dryRun";

    /** @param metrics the server's meters, and {@code GET /metrics}; null when metrics are off */
    public static Javalin create(ResourceEngine engine, TokenService tokens, ConnectionTester tester,
                                 ConnectionMonitor monitor, BooleanSupplier healthy, Readiness readiness,
                                 ConsistencyCheck.Report consistency, Settings settings,
                                 AuditStore auditStore, AuditQueue auditQueue, Metrics metrics, WatchHub watchHub) {
        long maxBodyBytes = settings.maxBodyBytes();
        HeapBudget budget = new HeapBudget();
        RequestBodies bodies = new RequestBodies(maxBodyBytes, budget);
        Accounts accounts = new Accounts(engine, Clock.systemUTC());
        ConnectionsHandler connections = new ConnectionsHandler(engine, bodies, tester, monitor);
        RequestMeters meters = metrics == null ? RequestMeters.NONE : metrics.requests();
        ApiGate gate = new ApiGate(settings.apiEnabled(), tokens, engine.kinds(), meters);
        ApiTokensHandler apiTokens = new ApiTokensHandler(tokens, bodies, engine);
        AuditHandler audit = new AuditHandler(auditStore, auditQueue);
        // what a list may carry beside its documents (?include=): the connections' states, from the monitor's memory
        ListIncludes includes = ListIncludes.standard(connections::statuses);
        WatchHandler watch = new WatchHandler(watchHub);
        BundleHandler bundles = new BundleHandler(engine, new RequestBodies(settings.maxImportBytes(), "maxImportBytes",
                RequestBodies.MAX_IMPORT_TOKENS, budget), budget);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            ClientAddresses addresses = new ClientAddresses(settings.trustedProxies());
            AccessLog accessLog = settings.accessLog() ? new AccessLog() : null;
            ApiDoor door = new ApiDoor(settings.apiEnabled(), addresses, audit, meters, accessLog);
            // stop() closes the port at once and lets requests in flight finish, within the grace period: Jetty's own
            // GracefulHandler tracks them. Inside it the door, then Javalin's servlet context (Javalin puts it inside
            // the innermost wrapper it finds).
            config.jetty.modifyServer(server -> {
                GracefulHandler graceful = new GracefulHandler();
                graceful.setHandler(door);
                server.setHandler(graceful);
                server.setStopTimeout(settings.shutdownGrace().toMillis());
            });
            config.http.maxRequestSize = maxBodyBytes;
            config.http.prefer405over404 = true;
            // Javalin copies every answer into the response through a new buffer of this size (by default Jetty's
            // 32 KB output buffer): 32 KB of garbage for a 1 KB document, most of what a GET allocated, and young
            // collections every 80 ms under the 192 MB heap (bench/RESULTS.md). Not below the gzip threshold: Javalin
            // decides whether to compress on the first chunk's size.
            config.http.responseBufferSize = Math.max(2048, config.http.compressionStrategy.getDefaultMinSizeForCompression());
            config.router.ignoreTrailingSlashes = true;
            JettyLimits.apply(config);
            config.contextResolver.ip = addresses::of;
            // the request's id first (the door, in front of the servlet context, gives its refusals theirs itself)
            RequestIds ids = new RequestIds(accessLog);
            config.jetty.modifyServletContextHandler(handler -> {
                handler.addFilter(ids, "/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(budget, "/*", EnumSet.of(DispatcherType.REQUEST)); // gives back what bodies and answers took
            });
            if (metrics != null) { // off: not a route, so a 404 like any unknown path, and no timing of requests
                MetricsHandler handler = new MetricsHandler(gate, metrics);
                config.requestLogger.http(handler::timed);
                config.routes.get(MetricsHandler.PATH, handler::scrape);
                config.routes.after(MetricsHandler.PATH, audit::record); // its refusals, as /api/v1's
            }
            config.routes.before("/api/v1/*", gate::check);
            config.routes.after("/api/v1/*", audit::record);
            if (settings.accessLog()) {
                config.routes.after(AccessLog::keepRoute);
            }
            config.routes.get("/health", ctx -> {
                boolean up = healthy.getAsBoolean();
                ObjectNode health = Json.MAPPER.createObjectNode().put("status", up ? "ok" : "unavailable");
                if (!up) {
                    health.put("error", "the state database does not answer");
                }
                if (!consistency.repaired().isEmpty()) {
                    consistency.repaired().forEach(health.putArray("repairedAtStart")::add);
                }
                if (!consistency.unrepaired().isEmpty()) {
                    consistency.unrepaired().forEach(health.putArray("inconsistent")::add);
                }
                JsonResponses.send(ctx, up ? 200 : 503, health);
            });
            Probes probes = new Probes(readiness);
            config.routes.get("/health/live", probes::live);
            config.routes.get("/health/ready", probes::ready);
            // fixed paths first: Javalin takes the first route that matches
            // built when first asked for, not at every start (a tenth of the start's main thread in a profile); the
            // same text every time, so two first requests that both build it change nothing
            AtomicReference<String> openApi = new AtomicReference<>();
            config.routes.get("/api/v1/openapi.json", ctx -> JsonResponses.send(ctx, 200, openApi.updateAndGet(
                    built -> built != null ? built : OpenApiDocument.build(engine.kinds().all(), includes))));
            config.routes.get("/api/v1/connection-types", new ConnectionTypesHandler()::list);
            config.routes.get("/api/v1/audit", audit::list);
            config.routes.get("/api/v1/watch", watch.all);
            config.routes.get("/api/v1/export", bundles::export);
            config.routes.post("/api/v1/import", QueryParameters.only(bundles::importBundle, "dryRun", "onExisting"));
            config.routes.get("/api/v1/api-tokens", apiTokens::list);
            config.routes.post("/api/v1/api-tokens", QueryParameters.only(apiTokens::create));
            config.routes.get("/api/v1/api-tokens/{name}", apiTokens::get);
            config.routes.delete("/api/v1/api-tokens/{name}", QueryParameters.only(apiTokens::revoke));
            config.routes.post("/api/v1/connections/test", QueryParameters.only(connections::testUnsaved));
            config.routes.post("/api/v1/connections/{name}/test", QueryParameters.only(connections::testSaved));
            config.routes.get("/api/v1/connections/{name}/status", connections::status);
            config.routes.post("/api/v1/connections/{name}/start", QueryParameters.only(connections::start));
            config.routes.post("/api/v1/connections/{name}/stop", QueryParameters.only(connections::stop));
            config.routes.post("/api/v1/connections/{name}/fail", QueryParameters.only(connections::fail));
            // Two generic routes, not six per kind: Javalin matches routes one by one, so per-kind
            // routes cost a regex match per kind on every request (measured: 18% of GET's CPU).
            ResourceRoutes resources = new ResourceRoutes(engine.kinds().all(),
                    kind -> new ResourceHandler(kind, engine, bodies, includes, watch, budget));
            config.routes.get("/api/v1/{resource}", ctx -> resources.forPath(ctx).list(ctx));
            config.routes.post("/api/v1/{resource}", QueryParameters.only(ctx -> resources.forPath(ctx).createOrReplace(ctx), DRY_RUN));
            config.routes.get("/api/v1/{resource}/{name}", ctx -> resources.forPath(ctx).get(ctx));
            config.routes.post("/api/v1/{resource}/{name}", QueryParameters.only(ctx -> resources.forPath(ctx).update(ctx), DRY_RUN));
            config.routes.put("/api/v1/{resource}/{name}", QueryParameters.only(ctx -> resources.forPath(ctx).put(ctx), DRY_RUN));
            config.routes.delete("/api/v1/{resource}/{name}", QueryParameters.only(ctx -> resources.forPath(ctx).delete(ctx), DRY_RUN));
            config.routes.patch("/api/v1/{resource}/{name}", QueryParameters.only(ctx -> resources.forPath(ctx).patch(ctx), DRY_RUN));
            config.routes.get("/api/v1/{resource}/{name}/used-by", ctx -> resources.forPath(ctx).usedBy(ctx));
            config.routes.get("/api/v1/{resource}/{name}/history", ctx -> resources.forPath(ctx).history(ctx));
            config.routes.get("/api/v1/{resource}/{name}/history/{version}", ctx -> resources.forPath(ctx).historyVersion(ctx));
            config.routes.post("/api/v1/{resource}/{name}/history/{version}/restore",
                    QueryParameters.only(ctx -> resources.forPath(ctx).restore(ctx), DRY_RUN));
            SignInThrottle throttle = new SignInThrottle();
            PasswordCheckHandler passwords = new PasswordCheckHandler(accounts, throttle);
            config.routes.post("/api/v1/user-auths/{name}/verify", QueryParameters.only(passwords::verify));
            WebUi.register(config, engine, accounts, tokens, settings.sessionIdleTimeout(), settings.maxTokenLifetime(),
                    throttle);
            config.routes.exception(Exception.class, ErrorMapper::handle);
            config.routes.error(404, "*", ctx -> {
                if (isEmpty(ctx.result())) {
                    ErrorMapper.send(ctx, 404, "Not found.");
                }
            });
            config.routes.error(405, "*", ctx -> {
                if (isEmpty(ctx.result())) {
                    ErrorMapper.send(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path());
                }
            });
        });
    }

    private static boolean isEmpty(String result) {
        return result == null || result.isEmpty() || !result.startsWith("{");
    }
}
