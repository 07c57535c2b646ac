package dev.fulcrum.store;

import java.time.Instant;

/**
 * One committed change of a document in the order of the change stream: its position there, and the history entry it
 * records (the document as written, or as it was when deleted; public form, secrets masked).
 *
 * @param change {@code create}, {@code update} or {@code delete}
 */
public record DocumentEvent(long position, String resource, String name, long version, String change, String body,
                            Instant changedAt) {
}
