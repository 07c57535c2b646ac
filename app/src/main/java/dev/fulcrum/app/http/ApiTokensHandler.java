package dev.fulcrum.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.app.Json;
import dev.fulcrum.app.access.AccessPolicy;
import dev.fulcrum.app.access.Escalation;
import dev.fulcrum.app.access.Principal;
import dev.fulcrum.app.engine.ResourceEngine;
import dev.fulcrum.app.tokens.Lifetimes;
import dev.fulcrum.app.tokens.TokenRequest;
import dev.fulcrum.app.tokens.TokenService;
import dev.fulcrum.model.Access.Verb;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.InvalidException;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Names;
import dev.fulcrum.model.NotFoundException;
import dev.fulcrum.model.Problems;
import dev.fulcrum.model.UnauthorizedException.Reason;
import dev.fulcrum.model.UnauthorizedException;
import dev.fulcrum.model.kinds.RoleStrategy;
import dev.fulcrum.store.TokenRecord;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /api/v1/api-tokens}: list, read, create and revoke tokens (ManageApiTokens, checked by the gate).
 * The raw token is in the creation's answer only. A token cannot create one with permissions it lacks itself,
 * nor one for another user unless it may manage users.
 */
final class ApiTokensHandler {
    private static final Set<String> FIELDS = Set.of("name", "role", "expiresIn", "user");
    private final TokenService tokens;
    private final RequestBodies bodies;
    private final ResourceEngine engine;

    ApiTokensHandler(TokenService tokens, RequestBodies bodies, ResourceEngine engine) {
        this.engine = engine;
        this.tokens = tokens;
        this.bodies = bodies;
    }

    void list(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        tokens.list().forEach(token -> body.withArray("apiTokens").add(toJson(token)));
        body.withArray("apiTokens");
        JsonResponses.send(ctx, 200, body);
    }

    void get(Context ctx) {
        TokenRecord token = tokens.find(ctx.pathParam("name")).orElseThrow(NotFoundException::new);
        JsonResponses.send(ctx, 200, Json.MAPPER.createObjectNode().set("apiToken", toJson(token)));
    }

    void create(Context ctx) {
        Principal caller = ApiGate.principal(ctx);
        JsonNode body = bodies.parse(ctx);
        JsonNode wrapped = body.path("apiToken");
        if (!(wrapped instanceof ObjectNode request) || body.size() != 1) {
            throw new InvalidException("the request body must be {\"apiToken\": {\"name\": \"...\", \"role\": \"...\", \"expiresIn\": \"30d\"}}");
        }
        Problems problems = new Problems("apiToken");
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                problems.add(field, "is not a field of an API token; the fields are " + new TreeSet<>(FIELDS));
            }
        }
        String name = text(request, "name", problems);
        String role = text(request, "role", problems);
        String user = text(request, "user", problems);
        String expiresIn = text(request, "expiresIn", problems);
        Duration lifetime = null;
        if (expiresIn != null) {
            try {
                lifetime = Lifetimes.parse(expiresIn);
            } catch (IllegalArgumentException e) {
                problems.add("expiresIn", e.getMessage());
            }
        }
        boolean mayReadRoles = AccessPolicy.mayRead(caller, Kinds.ROLES);
        if (!mayReadRoles && name != null) { // the name first: a refusal of it must not depend on what the role is
            Names.problem(name).ifPresent(problem -> problems.add("name", problem));
        }
        problems.throwIfAny();
        String owner = user != null ? user : caller.userName();
        if (owner != null && !owner.equals(caller.userName())) { // acting for a user: as much as changing the user
            AccessPolicy.requireAll(caller, Kinds.USERS, Verb.UPDATE, "creating a token for another user");
            Escalation.checkActingAs(caller, owner, (resource, document) -> engine.reads().document(
                    engine.kinds().byResource(resource).orElseThrow(), document));
        }
        if (role != null) {
            Optional<Set<String>> granted = tokens.roles().of(role);
            Set<String> missing = new TreeSet<>(granted.orElse(Set.of()));
            missing.removeAll(caller.permissions());
            if (!mayReadRoles && !role.equals(RoleStrategy.SUPER_ADMIN) && (granted.isEmpty() || !missing.isEmpty())) {
                throw new ForbiddenException("a token may not create one with role '" + role + "': it does not exist or"
                        + " grants permissions " + caller.describe() + " does not have (a caller that may not read roles"
                        + " is not told which)");
            }
            if (!missing.isEmpty()) {
                throw new ForbiddenException("a token may not create one with more permissions than its own: role '" + role
                        + "' has " + String.join(", ", missing) + ", which " + caller.describe() + " does not have");
            }
        } else if (!caller.permissions().containsAll(tokens.roles().of("super-admin").orElseThrow())) {
            throw new InvalidException("apiToken.role is required: without it a token gets super-admin, which "
                    + caller.describe() + " is not");
        }
        // the new token never outlives the caller's, and is revoked with it (the service sees to both)
        TokenRecord parent = tokens.find(caller.tokenName()).filter(token -> token.id() == caller.tokenId())
                .orElseThrow(() -> new UnauthorizedException("API token '" + caller.tokenName()
                        + "' was revoked meanwhile", Reason.REVOKED));
        String raw = tokens.create(new TokenRequest(name, role, owner, "token:" + caller.tokenName(), lifetime, parent));
        TokenRecord created = tokens.find(name).orElseThrow(NotFoundException::new);
        ObjectNode answer = Json.MAPPER.createObjectNode().put("status", "ok").put("message", "Created successfully");
        answer.set("apiToken", toJson(created));
        answer.put("token", raw);
        ctx.header("Cache-Control", "no-store");
        ctx.attribute(AuditHandler.NAME, name);
        JsonResponses.send(ctx, 200, answer);
    }

    void revoke(Context ctx) {
        if (!tokens.revoke(ctx.pathParam("name"))) {
            throw new NotFoundException();
        }
        JsonResponses.send(ctx, 200, "{\"status\":\"ok\",\"message\":\"Revoked successfully\"}");
    }

    private static String text(ObjectNode request, String field, Problems problems) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field, "must be a string");
            return null;
        }
        return value.asText();
    }

    /** A token as the API shows it: never its hash, never the raw token. */
    static ObjectNode toJson(TokenRecord token) {
        ObjectNode json = Json.MAPPER.createObjectNode().put("name", token.name()).put("id", token.id())
                .put("role", token.roleName());
        json.put("user", token.userName()).put("createdBy", token.createdBy());
        json.put("createdAt", text(token.createdAt())).put("expiresAt", text(token.expiresAt()));
        json.put("lastUsedAt", text(token.lastUsedAt()));
        if (token.parentId() != null) {
            json.put("parentId", token.parentId());
        }
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
