package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.engine.Accounts;
import dev.fulcrum.model.InvalidException;
import io.javalin.http.Context;

/**
 * {@code POST /api/v1/user-auths/<name>/verify} with {@code {"password": "..."}} answers {@code {"valid": ...}},
 * for admin-UI backends that sign users in. An unknown user costs the same Argon2id check as a wrong
 * password, so timing tells nothing; a disabled user (see user-statuses) is never valid.
 */
final class PasswordCheckHandler {
    private final Accounts accounts;
    private final RequestBodies bodies;

    PasswordCheckHandler(Accounts accounts, RequestBodies bodies) {
        this.accounts = accounts;
        this.bodies = bodies;
    }

    void verify(Context ctx) {
        JsonNode body = bodies.parse(ctx);
        JsonNode password = body.path("password");
        if (!body.isObject() || !password.isTextual()) {
            throw new InvalidException("the request body must be {\"password\": \"...\"}");
        }
        boolean valid = accounts.passwordMatches(ctx.pathParam("name"), password.asText());
        JsonResponses.send(ctx, 200, valid ? "{\"valid\":true}" : "{\"valid\":false}");
    }
}
