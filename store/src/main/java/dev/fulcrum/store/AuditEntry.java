package dev.fulcrum.store;

import java.time.Instant;
import java.util.List;

/**
 * One audited request: a change (recorded in the change's own transaction) or a refusal.
 *
 * @param id            assigned by the store; 0 before it is appended
 * @param path          the request path, without its query
 * @param resource      the resource it addressed, or null
 * @param name          the document it addressed, or null
 * @param changedFields the top-level fields a change changed; empty for a refusal
 */
public record AuditEntry(long id, Instant occurredAt, Actor actor, String clientAddress, String method, String path,
                         String resource, String name, int status, List<String> changedFields) {
}
