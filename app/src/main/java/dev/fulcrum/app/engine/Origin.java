package dev.fulcrum.app.engine;

import dev.fulcrum.store.Actor;

/**
 * Where a change comes from: who (for the history) and, for an API request, from which address with
 * which method and path, and the request's id (for the audit log). The server's own changes are not audited.
 */
public record Origin(Actor actor, String clientAddress, String method, String path, String requestId) {
    public static final Origin SYSTEM = new Origin(Actor.SYSTEM, null, null, null, null);

    /** True for an API request, whose changes go to the audit log. */
    public boolean audited() {
        return method != null;
    }
}
