package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.kinds.Passwords;
import dev.fulcrum.model.kinds.UserAuthStrategy;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * {@code POST /api/v1/user-auths/<name>/verify} with {@code {"password": "..."}} answers {@code {"valid": ...}},
 * for admin-UI backends that sign users in. An unknown user costs the same Argon2id check as a wrong
 * password, so timing tells nothing; a disabled user (see user-statuses) is never valid.
 */
final class PasswordCheckHandler {
    private final ResourceEngine engine;
    private final RequestBodies bodies;

    PasswordCheckHandler(ResourceEngine engine, RequestBodies bodies) {
        this.engine = engine;
        this.bodies = bodies;
    }

    void verify(Context ctx) {
        JsonNode body = bodies.parse(ctx);
        JsonNode password = body.path("password");
        if (!body.isObject() || !password.isTextual()) {
            throw new InvalidException("the request body must be {\"password\": \"...\"}");
        }
        String name = ctx.pathParam("name");
        String hash = engine.withSecrets(Kinds.USER_AUTHS, name)
                .map(auth -> auth.secrets().path(UserAuthStrategy.HASH).asText(null)).orElse(null);
        boolean valid = Passwords.verify(hash, password.asText()) && !isDisabled(name);
        JsonResponses.send(ctx, 200, valid ? "{\"valid\":true}" : "{\"valid\":false}");
    }

    private boolean isDisabled(String name) {
        try {
            String status = engine.get(Kinds.USER_STATUSES, name);
            JsonNode disabled = Json.parseStored(status).path("disabled");
            return disabled.isTextual() && !Instant.parse(disabled.asText()).isAfter(Instant.now());
        } catch (NotFoundException e) {
            return false;
        }
    }
}
