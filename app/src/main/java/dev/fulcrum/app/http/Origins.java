package dev.fulcrum.app.http;

import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.engine.Origin;
import dev.fulcrum.store.Actor;
import io.javalin.http.Context;

/** Who sent a request and from where, for the history and the audit log; {@link ApiGate} sets the caller. */
final class Origins {
    private Origins() {
    }

    static Origin of(Context ctx) {
        return new Origin(actor(ctx), ctx.ip(), ctx.method().name(), ctx.path(), RequestIds.of(ctx));
    }

    /** The caller's token and user, or no one when the request was refused before its token was known. */
    static Actor actor(Context ctx) {
        Principal principal = ctx.attribute(Principal.ATTRIBUTE);
        return principal == null ? new Actor(null, null) : new Actor(principal.tokenName(), principal.userName(),
                principal.tokenId());
    }
}
