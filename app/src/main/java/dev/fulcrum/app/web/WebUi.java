package dev.fulcrum.app.web;

import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.accounts.Accounts;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.model.Access.Verb;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.TooLargeException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The API tokens page: plain server-rendered HTML with a little CSS and JavaScript from the jar, under
 * {@code /ui}; {@code /} leads to it. Cookies are HttpOnly and SameSite=Strict, and Secure when the page is
 * served over TLS (directly, or behind a proxy that says so in X-Forwarded-Proto).
 */
public final class WebUi {
    private static final Map<String, String> ASSETS = Map.of("app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8");

    static final long MAX_FORM_BYTES = 8 * 1024;
    /** The permission the page needs: the one that manages API tokens through the API. */
    public static final String PERMISSION = AccessPolicy.API_TOKENS.allowing(Verb.CREATE).get(0);

    private WebUi() {
    }

    /** @param throttle slows password guessing; shared with the API's verify, so that both count alike */
    public static void register(JavalinConfig config, ResourceEngine engine, Accounts accounts, TokenService tokens,
                                Duration idleTimeout, Duration maxTokenLifetime, SignInThrottle throttle) {
        Sessions sessions = new Sessions(idleTimeout);
        SignInHandler signIn = new SignInHandler(accounts, sessions, throttle);
        TokensPage page = new TokensPage(engine, accounts, tokens, sessions, maxTokenLifetime);
        config.routes.before("/ui/*", WebUi::requireSmallForm);
        config.routes.get("/", ctx -> ctx.redirect("/ui/tokens", HttpStatus.FOUND));
        config.routes.get("/ui", ctx -> ctx.redirect("/ui/tokens", HttpStatus.FOUND));
        config.routes.get("/ui/sign-in", signIn::form);
        config.routes.post("/ui/sign-in", signIn::signIn);
        config.routes.post("/ui/sign-out", signIn::signOut);
        config.routes.get("/ui/tokens", page::show);
        config.routes.post("/ui/tokens", page::create);
        config.routes.post("/ui/tokens/{name}/revoke", page::revoke);
        config.routes.get("/ui/assets/{file}", WebUi::asset);
    }

    /**
     * The page's forms are a few short fields (a password has at most 1,024 bytes), so a larger body is refused
     * from its Content-Length before anything reads it; a body of unknown length is refused too (browsers send
     * one), so that a hundred parallel multi-megabyte "passwords" never reach the heap.
     */
    private static void requireSmallForm(Context ctx) {
        if (!ctx.method().name().equals("POST")) {
            return;
        }
        if (ctx.header("Transfer-Encoding") != null) {
            throw new HttpResponseException(411, "send the form with a Content-Length");
        }
        if (ctx.req().getContentLengthLong() > MAX_FORM_BYTES) {
            throw new TooLargeException("a form of this page has at most " + MAX_FORM_BYTES + " bytes");
        }
    }

    /** The signed-in session of this request, if any. */
    static Optional<Sessions.Session> session(Context ctx, Sessions sessions) {
        return sessions.find(ctx.cookie(Sessions.COOKIE));
    }

    static void endSession(Context ctx, Sessions sessions) {
        sessions.end(ctx.cookie(Sessions.COOKIE));
    }

    /** Sets a cookie for /ui; {@code maxAge} -1 lasts while the browser runs, 0 deletes it. */
    static void setCookie(Context ctx, String name, String value, int maxAge) {
        boolean tls = "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/ui; HttpOnly; SameSite=Strict"
                + (maxAge >= 0 ? "; Max-Age=" + maxAge : "") + (tls ? "; Secure" : ""));
    }

    private static void asset(Context ctx) {
        String file = ctx.pathParam("file");
        String type = ASSETS.get(file);
        if (type == null) {
            throw new NotFoundException();
        }
        try (InputStream in = WebUi.class.getResourceAsStream("/web/" + file)) {
            ctx.contentType(type).header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                    .result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
