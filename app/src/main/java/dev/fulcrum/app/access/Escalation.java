package dev.fulcrum.app.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fulcrum.model.ForbiddenException;
import dev.fulcrum.model.Kinds;
import dev.fulcrum.model.Permissions;
import dev.fulcrum.model.kinds.RoleStrategy;
import dev.fulcrum.model.kinds.UserAuthStrategy;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kubernetes' escalation rule, for every write the API makes (plain writes, imports, restores): a caller may
 * write a role only with permissions it holds itself, may give a user only roles whose permissions it holds,
 * and may set the password of a user only when it holds every permission of that user's roles (else it could
 * sign in as the user). So changing its own role can only remove permissions, and only super-admin (which holds
 * every permission) can grant what nobody else holds. Deletes are never an escalation. Token roles are checked
 * where tokens are made ({@code ApiTokensHandler}, the tokens page).
 */
public final class Escalation {
    private Escalation() {
    }

    /** Refuses with a 403 naming what is missing when {@code after} would grant more than {@code principal} holds. */
    public static void check(Principal principal, String resource, ObjectNode before, ObjectNode after,
                             DocumentLookup stored) {
        if (after == null || principal.permissions().containsAll(Permissions.ALL)) {
            return; // a delete grants nothing; a caller with every permission can grant anything (and reads nothing)
        }
        String name = after.path("name").asText();
        if (resource.equals(Kinds.ROLES.resource())) {
            Set<String> missing = missing(principal, permissions(after));
            if (!missing.isEmpty()) {
                throw refusal(principal, (before == null ? "creating" : "changing") + " role '" + name + "' with "
                        + String.join(", ", missing), "a caller may give a role only permissions it holds itself");
            }
        } else if (resource.equals(Kinds.USERS.resource())) {
            Set<String> given = roles(after);
            given.removeAll(before == null ? Set.of() : roles(before));
            Map<String, Set<String>> missingByRole = missingByRole(principal, given, stored);
            if (!missingByRole.isEmpty()) {
                throw refusal(principal, "giving user '" + name + "' " + describe(missingByRole),
                        "a caller may give a user only roles whose permissions it holds itself" + unreadable(principal));
            }
        } else if (resource.equals(Kinds.USER_AUTHS.resource()) && after.has(UserAuthStrategy.HASH)) {
            Set<String> roles = stored.find(Kinds.USERS.resource(), name).map(Escalation::roles).orElse(new LinkedHashSet<>());
            Map<String, Set<String>> missingByRole = missingByRole(principal, roles, stored);
            if (!missingByRole.isEmpty()) {
                throw refusal(principal, "setting the password of user '" + name + "', who has " + describe(missingByRole),
                        "a caller may set the password only of users whose permissions it holds itself" + unreadable(principal));
            }
        }
    }

    /**
     * Refuses to let {@code principal} act as user {@code user} (a token made for that user owns what the user owns)
     * unless it holds every permission of that user's roles: the rule of setting the user's password, since acting
     * as the user is as much.
     */
    public static void checkActingAs(Principal principal, String user, DocumentLookup stored) {
        if (principal.permissions().containsAll(Permissions.ALL)) {
            return;
        }
        Set<String> roles = stored.find(Kinds.USERS.resource(), user).map(Escalation::roles).orElse(new LinkedHashSet<>());
        Map<String, Set<String>> missingByRole = missingByRole(principal, roles, stored);
        if (!missingByRole.isEmpty()) {
            throw refusal(principal, "acting as user '" + user + "', who has " + describe(missingByRole),
                    "a caller may make tokens only for users whose permissions it holds itself" + unreadable(principal));
        }
    }

    /**
     * The roles among {@code roles} whose permissions {@code principal} lacks, each with what it lacks. For a caller
     * that may not read roles, a role that does not exist counts as one it may not give, and no answer says what a
     * role holds: whether a role exists, and what it grants, is for callers that may read roles.
     */
    private static Map<String, Set<String>> missingByRole(Principal principal, Set<String> roles, DocumentLookup stored) {
        boolean mayReadRoles = AccessPolicy.mayRead(principal, Kinds.ROLES);
        Map<String, Set<String>> missing = new TreeMap<>();
        for (String role : roles) {
            Optional<Set<String>> granted = role.equals(RoleStrategy.SUPER_ADMIN) ? Optional.of(new TreeSet<>(Permissions.ALL))
                    : stored.find(Kinds.ROLES.resource(), role).map(Escalation::permissions);
            Set<String> lacking = missing(principal, granted.orElse(Set.of()));
            if (!lacking.isEmpty() || granted.isEmpty() && !mayReadRoles) {
                // super-admin is built in: everyone knows it exists and grants everything
                missing.put(role, mayReadRoles || role.equals(RoleStrategy.SUPER_ADMIN) ? lacking : Set.of());
            }
        }
        return missing;
    }

    /** The roles and, for a caller that may read roles, the permissions each lacks. */
    private static String describe(Map<String, Set<String>> missingByRole) {
        StringBuilder text = new StringBuilder();
        missingByRole.forEach((role, lacking) -> text.append(text.length() == 0 ? "" : "; ").append("the role '")
                .append(role).append("'").append(lacking.isEmpty() ? "" : " with " + String.join(", ", lacking)));
        return text.toString();
    }

    /** What a refusal adds for a caller that may not read roles: why it is not told more. */
    private static String unreadable(Principal principal) {
        return AccessPolicy.mayRead(principal, Kinds.ROLES) ? ""
                : " (a caller that may not read roles is not told whether a role exists or what it grants)";
    }

    private static ForbiddenException refusal(Principal principal, String what, String rule) {
        return new ForbiddenException(what + " needs those permissions, which " + principal.describe()
                + " does not have: " + rule);
    }

    private static Set<String> missing(Principal principal, Set<String> wanted) {
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(principal.permissions());
        return missing;
    }

    private static Set<String> permissions(JsonNode role) {
        Set<String> names = new TreeSet<>();
        role.path("permissions").forEach(permission -> names.add(permission.path("name").asText()));
        return names;
    }

    private static Set<String> roles(JsonNode user) {
        Set<String> names = new LinkedHashSet<>();
        user.path("roles").forEach(role -> names.add(role.asText()));
        return names;
    }
}
