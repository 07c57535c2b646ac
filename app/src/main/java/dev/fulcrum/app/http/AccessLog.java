package dev.fulcrum.app.http;

import dev.fulcrum.app.access.Principal;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request when the config says {@code accessLog: true}, written by {@link RequestIds} once the
 * request is answered: {@code requestId=... method=GET route=/api/v1/{resource}/{name} status=200 durationMs=3
 * token=ci}. The route is the template the router matched, never the path a client sent (which may name anything,
 * and whose query may hold a secret); {@code -} for a request no route matched (a 404), or answered before routing
 * (a missing or malformed token, refused at the {@link ApiDoor}). The caller is named by its token's name alone, never the token.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    /** The request attribute that holds the route template the router matched. */
    private static final String ROUTE = "fulcrum.route";

    /** After every request the router saw: keeps the template of the route it matched, if one did, for its line. */
    static void keepRoute(Context ctx) {
        List<Endpoint> visited = ctx.endpoints().list();
        for (int i = visited.size() - 1; i >= 0; i--) {
            if (visited.get(i).method.isHttpMethod()) {
                ctx.attribute(ROUTE, visited.get(i).path);
                return;
            }
        }
    }

    void record(String requestId, HttpServletRequest request, int status, long nanos) {
        Object route = request.getAttribute(ROUTE);
        Object caller = request.getAttribute(Principal.ATTRIBUTE);
        line(requestId, request.getMethod(), route == null ? "-" : route, status, nanos,
                caller instanceof Principal principal ? principal.tokenName() : "-");
    }

    /** The line of a request refused at the {@link ApiDoor}: no route, no caller. */
    void refused(String requestId, String method, int status, long nanos) {
        line(requestId, method, "-", status, nanos, "-");
    }

    private static void line(String requestId, String method, Object route, int status, long nanos, String caller) {
        LOG.info("requestId={} method={} route={} status={} durationMs={} token={}", requestId,
                HttpMethods.named(method), route, status, TimeUnit.NANOSECONDS.toMillis(nanos), caller);
    }
}
