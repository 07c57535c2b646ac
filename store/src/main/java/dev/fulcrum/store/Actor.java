package dev.fulcrum.store;

/**
 * Who made a change: the API token a request carried (its name, and its id, which no other token ever has) and
 * the user it belongs to, each null when there is none. All null is the server itself (built-in documents,
 * configured connections).
 */
public record Actor(String token, String user, Long tokenId) {
    public static final Actor SYSTEM = new Actor(null, null, null);

    /** An actor whose token's id is not known (entries written before ids were recorded). */
    public Actor(String token, String user) {
        this(token, user, null);
    }

    public boolean isSystem() {
        return token == null && user == null;
    }
}
