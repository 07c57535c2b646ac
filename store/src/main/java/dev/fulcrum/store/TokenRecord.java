package dev.fulcrum.store;

import java.time.Instant;

/** An API token as stored: never the raw token, only its hash. */
public record TokenRecord(String name, String hash, Instant createdAt, Instant lastUsedAt) {
}
