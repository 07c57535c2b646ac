package dev.fulcrum.store;

import java.time.Instant;

/**
 * An API token as stored: never the raw token, only its hash.
 *
 * @param id        stable and never reused, unlike the name (a revoked token's name may be taken again)
 * @param roleName  the role document whose permissions the token has
 * @param userName  the user the token acts for (its alerts and reports), or null
 * @param createdBy who made it: a user name, {@code token:<name>} or {@code cli}; null for old tokens
 * @param expiresAt when it stops working, or null for never
 * @param parentId  the id of the token that made it, or null; revoking that token revokes this one
 */
public record TokenRecord(long id, String name, String hash, Instant createdAt, Instant lastUsedAt, String roleName,
                          String userName, String createdBy, Instant expiresAt, Long parentId) {
}
