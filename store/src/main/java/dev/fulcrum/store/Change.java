package dev.fulcrum.store;

/**
 * A committed change, as the transaction that made it announces it to every instance on the database: what changed
 * ({@code subject}: a document's resource, {@link #TOKENS} or {@link #CONNECTION_STATES}) and its name.
 */
public record Change(String subject, String name) {
    /** The subject of API tokens created or revoked. */
    public static final String TOKENS = "api-tokens";
    /** The subject of connections' lifecycle states. */
    public static final String CONNECTION_STATES = "connection-states";
    /** Anything may have changed: announcements were missed while no connection listened for them. */
    public static final Change ANYTHING = new Change("*", "*");

    /** Whether this change may have touched {@code subject}. */
    public boolean touches(String subject) {
        return this.equals(ANYTHING) || this.subject.equals(subject);
    }

    /** The announcement's text: {@code subject/name} (a subject never holds a slash). */
    public String payload() {
        return subject + "/" + name;
    }

    /** The change an announcement's text names; {@link #ANYTHING} for a text of no known shape. */
    public static Change parse(String payload) {
        int slash = payload.indexOf('/');
        return slash < 0 ? ANYTHING : new Change(payload.substring(0, slash), payload.substring(slash + 1));
    }
}
