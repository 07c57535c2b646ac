package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.engine.Accounts;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.kinds.Passwords;
import io.javalin.http.Context;

/**
 * {@code POST /api/v1/user-auths/<name>/verify} with {@code {"password": "..."}} answers {@code {"valid": ...}},
 * for admin-UI backends that sign users in. An unknown user costs the same Argon2id check as a wrong
 * password, so timing tells nothing; a disabled user (see user-statuses) is never valid.
 */
final class PasswordCheckHandler {
    private final Accounts accounts;
    private final RequestBodies bodies;

    /** A password and its JSON fit in this many bytes; a larger body is refused before it is read. */
    static final long MAX_BODY_BYTES = 16 * 1024;

    PasswordCheckHandler(Accounts accounts) {
        this.accounts = accounts;
        this.bodies = new RequestBodies(MAX_BODY_BYTES, "the password check's limit");
    }

    void verify(Context ctx) {
        JsonNode body = bodies.parse(ctx);
        JsonNode password = body.path("password");
        if (!body.isObject() || !password.isTextual()) {
            throw new InvalidException("the request body must be {\"password\": \"...\"}");
        }
        if (Passwords.isTooLong(password.textValue())) {
            throw new InvalidException("the password is longer than " + Passwords.MAX_BYTES + " bytes, so it is no user's");
        }
        boolean valid = accounts.passwordMatches(ctx.pathParam("name"), password.asText());
        JsonResponses.send(ctx, 200, valid ? "{\"valid\":true}" : "{\"valid\":false}");
    }
}
