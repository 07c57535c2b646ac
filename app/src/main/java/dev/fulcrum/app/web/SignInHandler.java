package dev.fulcrum.app.web;

import dev.fulcrum.app.accounts.Accounts;
import dev.fulcrum.model.kinds.Passwords;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signing in and out of the API tokens page. The sign-in form carries a CSRF token that must equal a cookie
 * set with the form (so another site cannot sign a browser in as someone else); failed attempts are slowed
 * down per account and per address by {@link SignInThrottle}.
 */
final class SignInHandler {
    static final String FORM_COOKIE = "fulcrum_signin";
    private final Accounts accounts;
    private final Sessions sessions;
    private final SignInThrottle throttle;

    SignInHandler(Accounts accounts, Sessions sessions, SignInThrottle throttle) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    void form(Context ctx) {
        if (WebUi.session(ctx, sessions).isPresent()) {
            ctx.redirect("/ui/tokens", HttpStatus.SEE_OTHER);
            return;
        }
        String notice = ctx.queryParam("signedOut") != null ? "You are signed out."
                : ctx.queryParam("expired") != null ? "Your session ended after a while without activity. Please sign in again." : null;
        render(ctx, 200, "", notice, null, null);
    }

    void signIn(Context ctx) {
        String user = trimmed(ctx.formParam("user"));
        String password = ctx.formParam("password");
        String cookie = ctx.cookie(FORM_COOKIE);
        String csrf = ctx.formParam("csrf");
        if (cookie == null || csrf == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                csrf.getBytes(StandardCharsets.UTF_8))) {
            render(ctx, 400, user, null, "This form has expired. Please sign in again.", null);
            return;
        }
        if (user.isEmpty() || password == null || password.isEmpty()) {
            render(ctx, 400, user, null, null, "Enter your user name and your password.");
            return;
        }
        if (Passwords.isTooLong(password)) {
            render(ctx, 400, user, null, null, "A password has at most " + Passwords.MAX_BYTES + " bytes; this one is longer.");
            return;
        }
        Duration wait = throttle.attempt(user, ctx.ip());
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            render(ctx, 429, user, null, null, "Too many failed sign-ins. Wait " + seconds
                    + (seconds == 1 ? " second" : " seconds") + ", then try again.");
            return;
        }
        // read before the password is checked: should the user be replaced meanwhile, the session is the old
        // user's, and ends at its first use
        Optional<Instant> identity = accounts.identity(user);
        if (!accounts.passwordMatches(user, password) || identity.isEmpty()) {
            render(ctx, 401, user, null, null, "The user name or the password is wrong.");
            return;
        }
        throttle.succeeded(user, ctx.ip());
        WebUi.endSession(ctx, sessions);
        Sessions.Session session = sessions.start(user, identity.get());
        WebUi.setCookie(ctx, Sessions.COOKIE, session.id, -1);
        WebUi.setCookie(ctx, FORM_COOKIE, "", 0);
        ctx.redirect("/ui/tokens", HttpStatus.SEE_OTHER);
    }

    void signOut(Context ctx) {
        Optional<Sessions.Session> session = WebUi.session(ctx, sessions);
        if (session.isPresent() && !session.get().csrfMatches(ctx.formParam("csrf"))) {
            // not this page's form: neither end the session nor pretend to (clearing only the cookie would
            // leave the session alive on the server)
            ctx.redirect("/ui/tokens", HttpStatus.SEE_OTHER);
            return;
        }
        session.ifPresent(signedIn -> sessions.end(signedIn.id));
        WebUi.setCookie(ctx, Sessions.COOKIE, "", 0);
        ctx.redirect("/ui/sign-in?signedOut", HttpStatus.SEE_OTHER);
    }

    private void render(Context ctx, int status, String user, String notice, String formError, String error) {
        String formToken = Sessions.random();
        WebUi.setCookie(ctx, FORM_COOKIE, formToken, -1);
        String body = """
                <section class="card narrow">
                <h1>Sign in</h1>
                <p class="muted">Sign in with your Fulcrum user name and password to manage your API tokens.</p>
                %s%s
                <form method="post" action="/ui/sign-in" class="form" id="sign-in-form" novalidate>
                %s
                <label for="user">User name</label>
                <input id="user" name="user" type="text" autocomplete="username" value="%s" required autofocus>
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required%s>
                %s
                <button type="submit" class="primary" id="sign-in">Sign in</button>
                </form>
                </section>
                """.formatted(notice == null ? "" : "<p class=\"notice\" id=\"notice\">" + Html.escape(notice) + "</p>",
                formError == null ? "" : "<p class=\"banner-error\" role=\"alert\">" + Html.escape(formError) + "</p>",
                Html.csrfField(formToken), Html.escape(user),
                error == null ? "" : " aria-invalid=\"true\" aria-describedby=\"password-error\"",
                Html.fieldError("password", error));
        Html.send(ctx, status, "Sign in", "", body);
    }

    private static String trimmed(String text) {
        return text == null ? "" : text.trim();
    }
}
