package dev.fulcrum.app.tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.ForbiddenException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of Pivot's permissions allow which verb on which resource: the whole table, as data, in this one
 * place (the README shows it). A verb is allowed when the caller's role has any of the permissions listed
 * for it. For alerts and reports some permissions allow writes only to documents whose {@code owner} is
 * the token's user; those are listed apart as owner-only.
 */
public final class AccessPolicy {
    /** What a request does to a resource. */
    public enum Verb { READ, CREATE, UPDATE, DELETE }

    /** The resource of API tokens themselves; not a document kind. */
    public static final String API_TOKENS = "api-tokens";
    /** The audit log; not a document kind. */
    public static final String AUDIT = "audit";
    static final String OWNER = "owner";

    /**
     * @param verbs     for each verb, the permissions that allow it on every document
     * @param ownerOnly permissions that allow create, update and delete of the caller's own documents
     */
    public record Rule(Map<Verb, List<String>> verbs, List<String> ownerOnly) {
    }

    private static final Map<String, Rule> TABLE = build();

    private static Map<String, Rule> build() {
        Map<String, Rule> table = new LinkedHashMap<>();
        for (String resource : List.of("users", "user-auths", "user-statuses")) {
            table.put(resource, everyVerb("ManageUsers"));
        }
        table.put("roles", everyVerb("ManageUserRoles"));
        table.put("connections", everyVerb("ManageConnections"));
        table.put("data-cubes", administerOrChange("AdministerDataCubes", "ChangeDataCubes"));
        table.put("dashboards", administerOrChange("AdministerDashboards", "ChangeDashboards"));
        table.put("alerts", ownerScoped("ManageAlerts", "AccessVisualization", "AccessAlerts"));
        table.put("reports", ownerScoped("ManageReports", "AccessVisualization", "AccessReports"));
        table.put(API_TOKENS, everyVerb("ManageApiTokens"));
        table.put(AUDIT, everyVerb("SeeAuditLog")); // only read: GET /api/v1/audit is its one route
        return java.util.Collections.unmodifiableMap(table);
    }

    private AccessPolicy() {
    }

    /** Every resource and its rule, in the README's order. */
    public static Map<String, Rule> table() {
        return TABLE;
    }

    /**
     * Refuses at the door what no document could allow: the caller has no permission for any of {@code verbs}
     * (owner-only permissions count for writes; whether the document is the caller's is checked by
     * {@link #requireForDocument} when the write runs). A resource not in the table is let through, to its 404.
     */
    public static void requireAny(Principal principal, String resource, Verb... verbs) {
        Rule rule = TABLE.get(resource);
        if (rule == null) {
            return;
        }
        Set<String> allowing = new LinkedHashSet<>();
        for (Verb verb : verbs) {
            allowing.addAll(rule.verbs().get(verb));
            if (verb != Verb.READ) {
                allowing.addAll(rule.ownerOnly());
            }
        }
        if (allowing.stream().noneMatch(principal::has)) {
            throw refusal(principal, Arrays.stream(verbs).map(AccessPolicy::gerund).distinct()
                    .reduce((a, b) -> a + " or " + b).orElse("using") + " " + resource, allowing);
        }
    }

    /**
     * Decides one document write exactly, inside its transaction: {@code before} is the stored document
     * (null for a create), {@code after} the one to store (null for a delete).
     */
    public static void requireForDocument(Principal principal, String resource, ObjectNode before, ObjectNode after) {
        Rule rule = TABLE.get(resource);
        Verb verb = before == null ? Verb.CREATE : after == null ? Verb.DELETE : Verb.UPDATE;
        List<String> allowing = rule.verbs().get(verb);
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

    private static boolean isOwnedBy(ObjectNode document, String user) {
        return document == null || user.equals(document.path(OWNER).asText(null));
    }

    private static ForbiddenException refusal(Principal principal, String what, java.util.Collection<String> allowing) {
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

    private static Rule everyVerb(String permission) {
        return new Rule(verbs(List.of(permission), List.of(permission), List.of(permission), List.of(permission)), List.of());
    }

    /** The administer permission does everything; the change permission may read and update, not create or delete. */
    private static Rule administerOrChange(String administer, String change) {
        List<String> both = List.of(administer, change);
        return new Rule(verbs(both, List.of(administer), both, List.of(administer)), List.of());
    }

    private static Rule ownerScoped(String manage, String visualize, String access) {
        return new Rule(verbs(List.of(manage, visualize, access), List.of(manage), List.of(manage), List.of(manage)),
                List.of(visualize, access));
    }

    private static Map<Verb, List<String>> verbs(List<String> read, List<String> create, List<String> update,
                                                 List<String> delete) {
        Map<Verb, List<String>> verbs = new EnumMap<>(Verb.class);
        verbs.put(Verb.READ, read);
        verbs.put(Verb.CREATE, create);
        verbs.put(Verb.UPDATE, update);
        verbs.put(Verb.DELETE, delete);
        return Map.copyOf(verbs);
    }
}
