package dev.fulcrum.store;

import java.time.Instant;

/**
 * One version of a document as it was written (or, for a delete, as it was when deleted).
 *
 * @param change {@code create}, {@code update} or {@code delete}
 */
public record HistoryEntry(String resource, String name, long version, String change, String body, String secrets,
                           Actor actor, Instant changedAt) {
}
