package dev.fulcrum.store;

import java.time.Instant;

/**
 * Which audit entries to read, newest first: each criterion may be null. {@code before} is the cursor, the
 * id of the last entry of the previous page.
 */
public record AuditQuery(String resource, String name, String actor, Instant since, Instant until, Long before, int limit) {
}
