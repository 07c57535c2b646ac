package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.accounts.Accounts;
import dev.fulcrum.app.web.SignInThrottle;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.TooManyAttemptsException;
import dev.fulcrum.model.kinds.Passwords;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * {@code POST /api/v1/user-auths/<name>/verify} with {@code {"password": "..."}} answers {@code {"valid": ...}},
 * for admin-UI backends that sign users in. An unknown user costs the same Argon2id check as a wrong
 * password, so timing tells nothing; a disabled user (see user-statuses) is never valid. Attempts are slowed by the
 * sign-in page's {@link SignInThrottle}, counted per user and per calling token: beyond the free few, a 429 with
 * Retry-After until the wait is over, whatever the password (the audit log records each). A caller that may export
 * secrets is not slowed: it can have the password hashes themselves and test guesses offline.
 */
final class PasswordCheckHandler {
    private final Accounts accounts;
    private final SignInThrottle throttle;
    private final RequestBodies bodies;

    /** A password and its JSON fit in this many bytes; a larger body is refused before it is read. */
    static final long MAX_BODY_BYTES = 16 * 1024;

    PasswordCheckHandler(Accounts accounts, SignInThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.bodies = new RequestBodies(MAX_BODY_BYTES, "the password check's limit", RequestBodies.MAX_BODY_TOKENS,
                null);
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
        String user = ctx.pathParam("name");
        Principal caller = ApiGate.principal(ctx);
        boolean throttled = !AccessPolicy.mayReadSecrets(caller);
        String client = "token:" + caller.tokenId();
        Duration wait = throttled ? throttle.attempt(user, client) : Duration.ZERO;
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            throw new TooManyAttemptsException("too many failed password checks for this user or by this token; wait "
                    + seconds + (seconds == 1 ? " second" : " seconds") + ", then try again", seconds);
        }
        boolean valid = accounts.passwordMatches(user, password.asText());
        if (valid && throttled) {
            throttle.succeeded(user, client);
        }
        JsonResponses.send(ctx, 200, valid ? "{\"valid\":true}" : "{\"valid\":false}");
    }
}
