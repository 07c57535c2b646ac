package dev.fulcrum.store;

/**
 * Who made a change: the API token a request carried and the user it belongs to, each null when there
 * is none. Both null is the server itself (built-in documents, configured connections).
 */
public record Actor(String token, String user) {
    public static final Actor SYSTEM = new Actor(null, null);

    public boolean isSystem() {
        return token == null && user == null;
    }
}
