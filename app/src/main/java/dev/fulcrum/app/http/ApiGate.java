package dev.fulcrum.app.http;

import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.metrics.RequestMeters;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.model.Access.Verb;
import dev.fulcrum.model.Access;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.Registry;
import dev.fulcrum.model.UnauthorizedException.Reason;
import dev.fulcrum.model.UnauthorizedException;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Runs before every /api/v1 request: the API must be enabled, the request must carry an active token, and
 * the token's role must allow what the request does: the access rule of the kind in the path ({@link Kind#access}),
 * or of the two resources that are not kinds ({@link AccessPolicy}). The caller is stored on the
 * request as a {@link Principal} for later code. Which verb a route is, is decided here, from the path alone. Its
 * token check ({@link #authenticate}) is also the one of the routes outside /api/v1 that take a token (/metrics).
 */
final class ApiGate {
    static final String TOKEN_HEADER = "x-imply-api-token";
    static final String PREFIX = "/api/v1/";
    /** What every 401 answers beside its body: the scheme a token is presented in (RFC 6750). */
    static final String CHALLENGE_HEADER = "WWW-Authenticate";
    static final String CHALLENGE = "Bearer realm=\"fulcrum\"";
    static final String PUBLIC_DESCRIPTION = "/api/v1/openapi.json";
    /** Static metadata with no stored data in it: any valid token may read it. */
    static final String CONNECTION_TYPES = "/api/v1/connection-types";
    private static final Verb[] READ = {Verb.READ};
    private static final Verb[] UPDATE = {Verb.UPDATE};
    private static final Verb[] DELETE = {Verb.DELETE};
    private static final Verb[] CREATE_OR_UPDATE = {Verb.CREATE, Verb.UPDATE};
    /**
     * Routes outside the permission table: their handlers check what they do (export, import; the watch stream of every
     * kind shows each caller the kinds it may read) or need none.
     */
    private static final Set<String> UNGUARDED = Set.of("export", "import", "connection-types", "openapi.json", "watch");
    private final boolean enabled;
    private final TokenService tokens;
    private final RequestMeters meters;
    /** Every resource's rule: each kind's own, and the two resources that are not kinds. */
    private final Map<String, Access> rules = new HashMap<>();

    ApiGate(boolean enabled, TokenService tokens, Registry kinds, RequestMeters meters) {
        this.enabled = enabled;
        this.tokens = tokens;
        this.meters = meters;
        kinds.all().forEach(kind -> rules.put(kind.resource(), kind.access()));
        rules.put(AccessPolicy.API_TOKENS_RESOURCE, AccessPolicy.API_TOKENS);
        rules.put(AccessPolicy.AUDIT_RESOURCE, AccessPolicy.AUDIT);
    }

    /**
     * Whether a request needs no token: a read of the API description, and nothing else (a POST to its path would
     * reach the documents' handlers without one).
     */
    static boolean isPublic(String method, String path) {
        return path.equals(PUBLIC_DESCRIPTION) && (method.equals("GET") || method.equals("HEAD"));
    }

    void check(Context ctx) {
        if (!enabled) {
            throw new NotFoundException();
        }
        String path = ctx.path();
        if (isPublic(ctx.req().getMethod(), path)) {
            return; // the API description needs no token
        }
        Principal principal = authenticate(ctx);
        if (!path.startsWith(PREFIX) || path.startsWith(CONNECTION_TYPES)) {
            return;
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        // decoded as the router decodes {resource}: /api/v1/%75sers is users, and must be checked as users
        String resource = decode(slash < 0 ? rest : rest.substring(0, slash));
        Access rule = rules.get(resource);
        if (rule == null) {
            if (UNGUARDED.contains(resource)) {
                return;
            }
            throw new NotFoundException(); // fail closed: a resource without a rule, no route serves
        }
        AccessPolicy.requireAny(principal, resource, rule, verbs(ctx.method().name(), slash < 0 ? "" : rest.substring(slash + 1)));
    }

    /**
     * The caller whose token the request presents ({@link PresentedToken}), also stored on the request; a 401 (counted
     * by its reason) when there is none, or it does not work.
     */
    Principal authenticate(Context ctx) {
        try {
            String token = PresentedToken.of(name -> ctx.req().getHeaders(name));
            UnauthorizedException refused = refusalWithoutLookup(token);
            if (refused != null) {
                throw refused;
            }
            Principal principal = tokens.authenticate(token);
            ctx.attribute(Principal.ATTRIBUTE, principal);
            return principal;
        } catch (UnauthorizedException refused) {
            meters.tokenRefused(refused.reason());
            throw refused;
        }
    }

    /**
     * The refusal of a presented token ({@link PresentedToken#of}) that needs no lookup: none sent, or one without a
     * token's shape and checksum; null when the token must be looked up. {@link ApiDoor} answers these before the
     * router, with the same answer.
     */
    static UnauthorizedException refusalWithoutLookup(String token) {
        if (token == null) {
            return new UnauthorizedException("missing API token: send it in the " + TOKEN_HEADER
                    + " header or as Authorization: Bearer <token>", Reason.MISSING);
        }
        return TokenService.looksLikeToken(token) ? null : TokenService.invalid(Reason.MALFORMED);
    }

    /** Percent-decodes one path segment (UTF-8); a malformed escape is left as it is, and matches nothing. */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }

    /**
     * The verbs a request may be, from its method and the path after the resource. A write to a document may
     * create or update it; which one, and whether the document is the caller's, the engine's guard decides.
     */
    private static Verb[] verbs(String method, String afterResource) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        int slash = afterResource.indexOf('/');
        if (slash >= 0) {
            String action = afterResource.substring(slash + 1);
            // used-by and status read; verify reads a password's validity; test, start, stop and fail change state
            return read || action.equals("verify") ? READ : UPDATE;
        }
        if (read) {
            return READ;
        }
        if (method.equals("DELETE")) {
            return DELETE;
        }
        // a POST to the collection creates or replaces, and so does a PUT to /<resource>/<name> (it creates an absent
        // document); any other write to /<resource>/<name> (and the pre-save connection test) only updates
        return afterResource.isEmpty() || method.equals("PUT") ? CREATE_OR_UPDATE : UPDATE;
    }

    /** The caller of an authenticated request. */
    static Principal principal(Context ctx) {
        return ctx.attribute(Principal.ATTRIBUTE);
    }
}
