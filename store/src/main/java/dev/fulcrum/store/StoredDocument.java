package dev.fulcrum.store;

import java.time.Instant;

/** One stored document: its public JSON body, its encrypted secrets (or null) and bookkeeping. */
public record StoredDocument(String resource, String name, String body, String secrets, long version,
                             Instant createdAt, Instant updatedAt) {
}
