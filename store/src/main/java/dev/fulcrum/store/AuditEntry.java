package dev.fulcrum.store;

import java.time.Instant;
import java.util.List;

/**
 * One audited request: a change (recorded in the change's own transaction) or a refusal.
 *
 * @param id            assigned by the store; 0 before it is appended
 * @param occurredAt    when it happened (for repeated refusals, the first of them)
 * @param path          the request path, without its query
 * @param resource      the resource it addressed, or null
 * @param name          the document it addressed, or null
 * @param changedFields the top-level fields a change changed; empty for a refusal
 * @param count         how many identical requests this entry stands for (refusals repeated within a moment)
 * @param requestId     the id of the request (for an entry that stands for several, the first one's); null for
 *                      entries written before request ids, and for the server's own
 */
public record AuditEntry(long id, Instant occurredAt, Actor actor, String clientAddress, String method, String path,
                         String resource, String name, int status, List<String> changedFields, long count,
                         String requestId) {

    /** One request. */
    public AuditEntry(long id, Instant occurredAt, Actor actor, String clientAddress, String method, String path,
                      String resource, String name, int status, List<String> changedFields, String requestId) {
        this(id, occurredAt, actor, clientAddress, method, path, resource, name, status, changedFields, 1, requestId);
    }

    /** This entry as stored under {@code newId}. */
    public AuditEntry withId(long newId) {
        return new AuditEntry(newId, occurredAt, actor, clientAddress, method, path, resource, name, status, changedFields,
                count, requestId);
    }

    /** This entry standing for {@code times} identical requests. */
    public AuditEntry times(long times) {
        return new AuditEntry(id, occurredAt, actor, clientAddress, method, path, resource, name, status, changedFields,
                times, requestId);
    }
}
