package dev.fulcrum.app.web;

import dev.fulcrum.app.Json;
import dev.fulcrum.app.accounts.Accounts;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.tokens.Lifetimes;
import dev.fulcrum.app.tokens.TokenRequest;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.model.ConflictException;
import dev.fulcrum.model.FieldError;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.store.TokenRecord;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The signed-in user's API tokens: list, create (the raw token is shown once, with a copy button) and revoke.
 * Tokens made here belong to the user, so the user's alerts and reports are theirs to manage. A user may give
 * a token only a role whose permissions the user's own roles grant; without ManageApiTokens, a user sees why
 * the page offers nothing.
 */
final class TokensPage {
    static final String PERMISSION = WebUi.PERMISSION;
    private static final List<Duration> LIFETIMES = List.of(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90),
            Duration.ofDays(365));
    private final ResourceEngine engine;
    private final Accounts accounts;
    private final TokenService tokens;
    private final Sessions sessions;
    private final Duration maxLifetime;

    TokensPage(ResourceEngine engine, Accounts accounts, TokenService tokens, Sessions sessions, Duration maxLifetime) {
        this.engine = engine;
        this.accounts = accounts;
        this.tokens = tokens;
        this.sessions = sessions;
        this.maxLifetime = maxLifetime;
    }

    /** What one request of a signed-in user needs: who, with which permissions. */
    private record Visitor(Sessions.Session session, Set<String> permissions) {
        String user() {
            return session.userName;
        }
    }

    /** What the page shows besides the lists: a form's values and errors, a new token, a message. */
    private record View(Map<String, String> values, Map<String, String> errors, String createdName, String createdRaw,
                        String message) {
        static View empty() {
            return new View(Map.of(), Map.of(), null, null, null);
        }
    }

    void show(Context ctx) {
        visitor(ctx).ifPresent(visitor -> {
            String revoked = ctx.queryParam("revoked");
            render(ctx, 200, visitor, new View(Map.of(), Map.of(), null, null,
                    revoked == null ? null : "Token '" + revoked + "' is revoked: it no longer works."));
        });
    }

    void create(Context ctx) {
        Optional<Visitor> found = formVisitor(ctx);
        if (found.isEmpty()) {
            return;
        }
        Visitor visitor = found.get();
        Map<String, String> values = Map.of("name", text(ctx.formParam("name")), "role", text(ctx.formParam("role")),
                "expiresIn", text(ctx.formParam("expiresIn")));
        Map<String, String> errors = new HashMap<>();
        if (!visitor.permissions().contains(PERMISSION)) {
            render(ctx, 403, visitor, View.empty());
            return;
        }
        if (!grantableRoles(visitor).contains(values.get("role"))) {
            errors.put("role", "Choose one of the roles offered: only roles whose permissions you have yourself.");
        }
        Duration lifetime = null;
        if (values.get("expiresIn").equals("never") && maxLifetime != null) {
            // not offered: a token made here never outlives maxTokenLifetime
            errors.put("expiresIn", "Choose how long the token works: at most " + Lifetimes.format(maxLifetime) + ".");
        } else if (!values.get("expiresIn").equals("never")) {
            try {
                lifetime = Lifetimes.parse(values.get("expiresIn"));
            } catch (IllegalArgumentException e) {
                errors.put("expiresIn", "Choose how long the token works.");
            }
        }
        if (values.get("name").isEmpty()) {
            errors.put("name", "Give the token a name, e.g. grafana-prod.");
        }
        if (errors.isEmpty()) {
            try {
                String raw = tokens.create(new TokenRequest(values.get("name"), values.get("role"), visitor.user(),
                        visitor.user(), lifetime));
                render(ctx, 200, visitor, new View(Map.of(), Map.of(), values.get("name"), raw, null));
                return;
            } catch (ConflictException e) {
                errors.put("name", "You or someone else already has an active token named '" + values.get("name")
                        + "'. Pick another name.");
            } catch (InvalidException e) {
                for (FieldError error : e.details()) {
                    errors.put(error.path().substring(error.path().indexOf('.') + 1), capitalized(error.message()));
                }
                if (e.details().isEmpty()) {
                    errors.put("name", e.getMessage());
                }
            }
        }
        render(ctx, 400, visitor, new View(values, errors, null, null, null));
    }

    void revoke(Context ctx) {
        Optional<Visitor> found = formVisitor(ctx);
        if (found.isEmpty()) {
            return;
        }
        Visitor visitor = found.get();
        String name = ctx.pathParam("name");
        boolean mine = tokens.find(name).map(token -> visitor.user().equals(token.userName())).orElse(false);
        if (!visitor.permissions().contains(PERMISSION) || !mine) {
            render(ctx, mine ? 403 : 404, visitor, new View(Map.of(), Map.of(), null, null,
                    "You have no token named '" + name + "' to revoke."));
            return;
        }
        tokens.revoke(name);
        ctx.redirect("/ui/tokens?revoked=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                HttpStatus.SEE_OTHER);
    }

    /** The signed-in, still active user of this request; otherwise the answer is a redirect to sign in. */
    private Optional<Visitor> visitor(Context ctx) {
        Optional<Sessions.Session> session = WebUi.session(ctx, sessions);
        Optional<List<String>> roles = session.flatMap(found -> accounts.activeUserRoles(found.userName, found.userCreatedAt));
        if (roles.isEmpty()) {
            boolean hadCookie = ctx.cookie(Sessions.COOKIE) != null && !ctx.cookie(Sessions.COOKIE).isEmpty();
            WebUi.endSession(ctx, sessions);
            WebUi.setCookie(ctx, Sessions.COOKIE, "", 0);
            ctx.redirect(hadCookie ? "/ui/sign-in?expired" : "/ui/sign-in", HttpStatus.SEE_OTHER);
            return Optional.empty();
        }
        return Optional.of(new Visitor(session.get(), tokens.roles().union(roles.get())));
    }

    /** {@link #visitor} for a form, which must carry the session's CSRF token. */
    private Optional<Visitor> formVisitor(Context ctx) {
        Optional<Visitor> visitor = visitor(ctx);
        if (visitor.isPresent() && !visitor.get().session().csrfMatches(ctx.formParam("csrf"))) {
            render(ctx, 403, visitor.get(), new View(Map.of(), Map.of(), null, null,
                    "That form was out of date, so nothing was changed. Please try again."));
            return Optional.empty();
        }
        return visitor;
    }

    /** The roles the visitor may give a token: those whose permissions the visitor has. */
    private List<String> grantableRoles(Visitor visitor) {
        List<String> names = new ArrayList<>();
        for (String role : engine.reads().list(Kinds.ROLES)) {
            String name = Json.parseStored(role).path("name").asText();
            tokens.roles().of(name).filter(visitor.permissions()::containsAll).ifPresent(permissions -> names.add(name));
        }
        return names;
    }

    private void render(Context ctx, int status, Visitor visitor, View view) {
        String header = "<span class=\"who\" id=\"signed-in-as\">Signed in as <strong>" + Html.escape(visitor.user())
                + "</strong></span><form method=\"post\" action=\"/ui/sign-out\" class=\"inline\">"
                + Html.csrfField(visitor.session().csrf) + "<button type=\"submit\" class=\"link\" id=\"sign-out\">Sign out</button></form>";
        StringBuilder body = new StringBuilder("<h1>API tokens</h1>\n<p class=\"muted lead\">Tokens let scripts and tools"
                + " call Fulcrum's <code>/api/v1</code> with the <code>x-imply-api-token</code> header. Each acts with the"
                + " permissions of one role, and belongs to you.</p>\n");
        if (view.message() != null) {
            body.append("<p class=\"notice\" id=\"notice\" role=\"status\">").append(Html.escape(view.message())).append("</p>\n");
        }
        if (!visitor.permissions().contains(PERMISSION)) {
            body.append(TokensPageHtml.noPermission());
            Html.send(ctx, status == 200 ? 200 : 403, "API tokens", header, body.toString());
            return;
        }
        if (view.createdRaw() != null) {
            body.append(TokensPageHtml.created(view.createdName(), view.createdRaw()));
        }
        body.append(TokensPageHtml.createForm(visitor.session().csrf, grantableRoles(visitor), lifetimeChoices(),
                view.values(), view.errors()));
        List<TokenRecord> mine = tokens.listOf(visitor.user());
        body.append(TokensPageHtml.list(mine, visitor.session().csrf, tokens::isExpired));
        Html.send(ctx, status, "API tokens", header, body.toString());
    }

    /** The lifetimes offered: none longer than config.yaml allows, and "never" only without a limit. */
    private List<String> lifetimeChoices() {
        List<String> choices = new ArrayList<>();
        for (Duration lifetime : LIFETIMES) {
            if (maxLifetime == null || lifetime.compareTo(maxLifetime) <= 0) {
                choices.add(Lifetimes.format(lifetime));
            }
        }
        if (maxLifetime != null && !choices.contains(Lifetimes.format(maxLifetime))) {
            choices.add(Lifetimes.format(maxLifetime));
        }
        if (maxLifetime == null) {
            choices.add("never");
        }
        return choices;
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static String capitalized(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }
}
