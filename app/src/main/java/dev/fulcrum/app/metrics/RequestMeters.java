package dev.fulcrum.app.metrics;

import dev.fulcrum.model.UnauthorizedException.Reason;

/**
 * What the request path counts for {@code GET /metrics}. {@link #NONE} when metrics are off: a request then does no
 * meter work at all.
 */
public interface RequestMeters {
    /** The route of a request no route matched (a 404 or 405), whatever its path: one label, not one per path. */
    String NOT_FOUND = "NOT_FOUND";
    /**
     * The route of a request refused before a route was chosen: an /api/v1 request whose token is missing, does not
     * work or lacks the permission (401, 403), or that presents two tokens (400).
     */
    String NOT_ROUTED = "NOT_ROUTED";

    RequestMeters NONE = new RequestMeters() {
        @Override
        public void request(String method, String route, int status, long nanos) {
        }

        @Override
        public void tokenRefused(Reason reason) {
        }
    };

    /**
     * One answered request.
     *
     * @param route the template of the route that served it ({@code /api/v1/{resource}/{name}}), never a raw path;
     *              or {@link #NOT_FOUND} or {@link #NOT_ROUTED}
     */
    void request(String method, String route, int status, long nanos);

    /** A request refused with a 401 for its token (none, malformed, unknown...). */
    void tokenRefused(Reason reason);
}
