package dev.fulcrum.model;

/**
 * A link from a document to another one: the resource it lives in and its name, and where the link sits. A required
 * link must name a document that exists; an optional one ({@link #ifExists}) may name one that does not, and is
 * recorded only when it does. Either way, a document that is linked to cannot be deleted while the link stands.
 */
public record Reference(String resource, String name, String path, boolean optional) {
    public Reference(String resource, String name, String path) {
        this(resource, name, path, false);
    }

    /**
     * A link to a document that need not exist (Pivot's alerts name an owner that may have no user here), and that,
     * while it does, keeps it from being deleted: so that no one can delete a user and create another of that name
     * to take over what the first one owned.
     */
    public static Reference ifExists(String resource, String name, String path) {
        return new Reference(resource, name, path, true);
    }
}
