package dev.fulcrum.app.access;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.Access.Verb;
import dev.fulcrum.model.Access;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.Kind;
import dev.fulcrum.model.Permissions;
import dev.fulcrum.model.Registry;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides requests against an {@link Access} rule: a kind's own ({@link Kind#access}), or one of the resources
 * that are not kinds ({@link #API_TOKENS}, {@link #AUDIT}, {@link #METRICS}). The rules themselves are data, each in
 * one place.
 */
public final class AccessPolicy {
    /** The resource of API tokens themselves; not a document kind. */
    public static final String API_TOKENS_RESOURCE = "api-tokens";
    /** Who may list, make and revoke the API tokens of others (the API's api-tokens and the tokens page). */
    public static final Access API_TOKENS = Access.everyVerb(Permissions.MANAGE_API_TOKENS);
    /** The audit log; not a document kind. */
    public static final String AUDIT_RESOURCE = "audit";
    /** Who may read the audit log: GET /api/v1/audit is its one route. */
    public static final Access AUDIT = Access.everyVerb(Permissions.SEE_AUDIT_LOG);
    /** The server's Prometheus metrics; not a document kind. */
    public static final String METRICS_RESOURCE = "metrics";
    /** Who may read the metrics: GET /metrics (when metrics are on) is their one route. */
    public static final Access METRICS = Access.everyVerb(Permissions.READ_METRICS);

    private AccessPolicy() {
    }

    /**
     * Refuses at the door what no document could allow: the caller has no permission for any of {@code verbs}
     * (owner-only permissions count for writes; whether the document is the caller's is checked by
     * {@link #requireForDocument} when the write runs).
     */
    public static void requireAny(Principal principal, String resource, Access rule, Verb... verbs) {
        for (Verb verb : verbs) { // the common case first, without allocating: the caller has a permission
            if (anyHeld(principal, rule.allowing(verb)) || verb != Verb.READ && anyHeld(principal, rule.ownerOnly())) {
                return;
            }
        }
        Set<String> allowing = new LinkedHashSet<>();
        for (Verb verb : verbs) {
            allowing.addAll(rule.allowing(verb));
            if (verb != Verb.READ) {
                allowing.addAll(rule.ownerOnly());
            }
        }
        if (allowing.stream().noneMatch(principal::has)) {
            throw refusal(principal, Arrays.stream(verbs).map(AccessPolicy::gerund).distinct()
                    .reduce((a, b) -> a + " or " + b).orElse("using") + " " + resource, allowing);
        }
    }

    private static boolean anyHeld(Principal principal, List<String> permissions) {
        for (int i = 0; i < permissions.size(); i++) {
            if (principal.has(permissions.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses what would tell the caller which documents exist that it may not read: a dry run, or an import (whose
     * plan or refusal names the documents it refers to), answers whether each document it names exists, so it needs
     * read access to the kind and to every kind the kind refers to (data cubes to connections, users to roles...).
     */
    public static void requireReadableReferences(Principal principal, Kind kind, Registry kinds, String what) {
        requireAny(principal, kind, Verb.READ);
        for (String referenced : new TreeSet<>(kind.strategy().referencedResources())) {
            try {
                requireAny(principal, kinds.byResource(referenced).orElseThrow(), Verb.READ);
            } catch (ForbiddenException notReadable) {
                throw new ForbiddenException(what + " of " + kind.resource() + " would tell which " + referenced
                        + " exist; " + notReadable.getMessage());
            }
        }
    }

    /** Whether the caller may read every document of {@code kind} (owner-only permissions are for writes). */
    public static boolean mayRead(Principal principal, Kind kind) {
        return anyHeld(principal, kind.access().allowing(Verb.READ));
    }

    /** {@link #requireAny} for a kind. */
    public static void requireAny(Principal principal, Kind kind, Verb... verbs) {
        requireAny(principal, kind.resource(), kind.access(), verbs);
    }

    /** Refuses unless the caller may do {@code verb} to every document of the kind, not only to its own. */
    public static void requireAll(Principal principal, Kind kind, Verb verb, String what) {
        List<String> allowing = kind.access().allowing(verb);
        if (allowing.stream().noneMatch(principal::has)) {
            throw refusal(principal, what, allowing);
        }
    }

    /**
     * Decides one document write exactly, inside its transaction: {@code before} is the stored document
     * (null for a create), {@code after} the one to store (null for a delete).
     */
    public static void requireForDocument(Principal principal, Kind kind, ObjectNode before, ObjectNode after) {
        Access rule = kind.access();
        String resource = kind.resource();
        Verb verb = before == null ? Verb.CREATE : after == null ? Verb.DELETE : Verb.UPDATE;
        List<String> allowing = rule.allowing(verb);
        if (allowing.stream().anyMatch(principal::has)) {
            return;
        }
        String what = gerund(verb) + " " + resource;
        List<String> own = rule.ownerOnly().stream().filter(principal::has).toList();
        if (own.isEmpty()) {
            throw refusal(principal, what, allowing);
        }
        String user = principal.userName();
        if (user == null) {
            throw new ForbiddenException(principal.describe() + " belongs to no user, so " + own.get(0)
                    + " lets it change no " + resource + "; " + what + " needs " + String.join(" or ", allowing));
        }
        if (!isOwnedBy(before, user) || !isOwnedBy(after, user)) {
            throw new ForbiddenException(principal.describe() + " may change only " + resource + " whose owner is '"
                    + user + "' (" + own.get(0) + "); " + what + " of other owners needs " + String.join(" or ", allowing));
        }
    }

    /**
     * Whether the caller may read stored secrets (it may export them), so that a write of the stored secret may be
     * told apart from another: the server itself and the CLI (no principal) may, tokens only with ExportSecrets.
     */
    public static boolean mayReadSecrets(Principal principal) {
        return principal == null || principal.has(Permissions.EXPORT_SECRETS);
    }

    private static boolean isOwnedBy(ObjectNode document, String user) {
        return document == null || user.equals(document.path(Access.OWNER).asText(null));
    }

    private static ForbiddenException refusal(Principal principal, String what, Collection<String> allowing) {
        String needed = String.join(" or ", allowing);
        return new ForbiddenException(what + " needs " + needed + ", which " + principal.describe()
                + (allowing.size() == 1 ? " does not have" : " has none of"));
    }

    private static String gerund(Verb verb) {
        return switch (verb) {
            case READ -> "reading";
            case CREATE -> "creating";
            case UPDATE -> "updating";
            case DELETE -> "deleting";
        };
    }
}
