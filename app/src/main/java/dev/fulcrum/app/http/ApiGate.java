package dev.fulcrum.app.http;

import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.UnauthorizedException;
import dev.fulcrum.store.Actor;
import io.javalin.http.Context;

/** Runs before every /api/v1 request: the API must be enabled and the request must carry an active token. */
final class ApiGate {
    static final String TOKEN_HEADER = "x-imply-api-token";
    static final String PUBLIC_DESCRIPTION = "/api/v1/openapi.json";
    private final boolean enabled;
    private final TokenService tokens;

    ApiGate(boolean enabled, TokenService tokens) {
        this.enabled = enabled;
        this.tokens = tokens;
    }

    void check(Context ctx) {
        if (!enabled) {
            throw new NotFoundException();
        }
        if (ctx.path().equals(PUBLIC_DESCRIPTION)) {
            return; // the API description needs no token
        }
        String token = ctx.header(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            throw new UnauthorizedException("missing API token: send it in the " + TOKEN_HEADER + " header");
        }
        String name = tokens.authenticate(token.trim())
                .orElseThrow(() -> new UnauthorizedException("invalid API token: it is unknown or has been revoked"));
        ctx.attribute(Origins.ACTOR, new Actor(name, null));
    }
}
