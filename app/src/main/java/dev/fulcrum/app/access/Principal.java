package dev.fulcrum.app.access;

import java.util.Set;

/**
 * Who is calling the API: the token that authenticated the request (its name, and its id, which no other token
 * ever has), the role it acts with, the user it
 * belongs to (null for a token that belongs to no user, such as one made with the CLI) and the role's
 * permissions at the time of the request. The API gate stores it on each request under {@link #ATTRIBUTE}.
 */
public record Principal(long tokenId, String tokenName, String roleName, String userName, Set<String> permissions) {
    /** The request attribute that holds the caller of an authenticated /api/v1 request. */
    public static final String ATTRIBUTE = "fulcrum.principal";

    public Principal {
        permissions = Set.copyOf(permissions);
    }

    public boolean has(String permission) {
        return permissions.contains(permission);
    }

    /** How refusals name the caller: "token 'ci' (role 'viewers')". */
    public String describe() {
        return "token '" + tokenName + "' (role '" + roleName + "')";
    }
}
