package dev.fulcrum.store;

import java.time.Instant;

/** What is stored for a new token; see {@link TokenRecord} for the fields. */
public record NewToken(String name, String hash, Instant createdAt, String roleName, String userName,
                       String createdBy, Instant expiresAt, Long parentId) {
}
