package dev.fulcrum.app.http;

import dev.fulcrum.app.engine.Origin;
import dev.fulcrum.store.Actor;
import io.javalin.http.Context;

/** Who sent a request and from where, for the history and the audit log; {@link ApiGate} sets the actor. */
final class Origins {
    static final String ACTOR = "fulcrum.actor";

    private Origins() {
    }

    static Origin of(Context ctx) {
        Actor actor = ctx.attribute(ACTOR);
        return new Origin(actor == null ? Actor.SYSTEM : actor, ctx.ip(), ctx.method().name(), ctx.path());
    }
}
